using Hiy.Core;
using Hiy.Ops.Alerts;

namespace Hiy.Web.Api;

/// <summary>
/// PUT /api/v1/alerts/settings applied to the stored settings, pure: the next settings and every error at once, keyed by
/// the field (<c>email.port</c>). A channel left half-set (a bot token without a chat) is an error too.
/// </summary>
public static class AlertSettingsPatch
{
    public static (AlertSettings Next, IReadOnlyDictionary<string, string> Errors) Apply(AlertSettings current, AlertSettingsRequest r)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var next = current;
        if (r.Webhook is { } w && w.Url is { } url)
            next = next with { WebhookUrl = Http(url, "webhook.url", errors) };
        if (r.Telegram is { } t)
        {
            if (t.BaseUrl is { } b)
                next = next with { TelegramBaseUrl = Http(b, "telegram.base_url", errors) ?? AlertSettings.DefaultTelegramBase };
            if (t.Token is { } token)
                next = next with { TelegramToken = Word(token, "telegram.token", errors, c => char.IsAsciiLetterOrDigit(c) || c is ':' or '_' or '-') };
            if (t.ChatId is { } chat)
                next = next with { TelegramChatId = Word(chat, "telegram.chat_id", errors, c => char.IsAsciiLetterOrDigit(c) || c is '-' or '@' or '_') };
        }
        if (r.Email is { } e)
        {
            if (e.Host is { } host)
                next = next with { SmtpHost = Host(host, errors) };
            if (e.Port is { } port)
            {
                if (port is < 1 or > 65535)
                    errors["email.port"] = "must be 1–65535";
                else
                    next = next with { SmtpPort = port };
            }
            if (e.Security is { } security)
            {
                if (security is "none" or "starttls" or "tls")
                    next = next with { SmtpSecurity = security };
                else
                    errors["email.security"] = "must be none, starttls or tls";
            }
            if (e.From is { } from)
                next = next with { SmtpFrom = Addresses(from, "email.from", errors, single: true) };
            if (e.To is { } to)
                next = next with { SmtpTo = Addresses(to, "email.to", errors, single: false) };
            if (e.Username is { } user)
                next = next with { SmtpUsername = Line(user, "email.username", errors) };
            if (e.Password is { } password)
                next = next with { SmtpPassword = Line(password, "email.password", errors) };
        }
        if (string.IsNullOrEmpty(next.TelegramToken) != string.IsNullOrEmpty(next.TelegramChatId))
            errors.TryAdd(string.IsNullOrEmpty(next.TelegramToken) ? "telegram.token" : "telegram.chat_id", "telegram needs both a bot token and a chat id");
        if (!string.IsNullOrEmpty(next.SmtpHost) && (string.IsNullOrEmpty(next.SmtpFrom) || string.IsNullOrEmpty(next.SmtpTo)))
            errors.TryAdd(string.IsNullOrEmpty(next.SmtpFrom) ? "email.from" : "email.to", "e-mail needs a sender and at least one recipient");
        if (string.IsNullOrEmpty(next.SmtpHost) && (!string.IsNullOrEmpty(next.SmtpFrom) || !string.IsNullOrEmpty(next.SmtpTo)))
            errors.TryAdd("email.host", "e-mail needs the SMTP server's host name");
        return (next, errors);
    }

    private static string? Http(string raw, string field, Dictionary<string, string> errors)
    {
        var s = raw.Trim();
        if (s.Length == 0)
            return null;
        if (s.Length <= 2048 && Uri.TryCreate(s, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp) && u.Host.Length > 0)
            return s;
        errors[field] = "must be an http(s) URL";
        return null;
    }

    private static string? Word(string raw, string field, Dictionary<string, string> errors, Func<char, bool> allowed)
    {
        var s = raw.Trim();
        if (s.Length == 0)
            return null;
        if (s.Length <= 256 && s.All(allowed))
            return s;
        errors[field] = "has characters it cannot have";
        return null;
    }

    private static string? Host(string raw, Dictionary<string, string> errors)
    {
        var s = raw.Trim().TrimEnd('.').ToLowerInvariant();
        if (s.Length == 0)
            return null;
        if (DomainName.IsValid(s) || System.Net.IPAddress.TryParse(s, out _))
            return s;
        errors["email.host"] = "must be a host name or an IP address";
        return null;
    }

    /// <summary>Mail addresses as SMTP's MAIL FROM / RCPT TO carry them: <c>local@domain</c>, nothing that could end a line or the path.</summary>
    private static string? Addresses(string raw, string field, Dictionary<string, string> errors, bool single)
    {
        var list = raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (list.Length == 0)
            return null;
        var ok = (!single || list.Length == 1) && list.Length <= 20 && list.All(a =>
            a.Length <= 254 && a.IndexOf('@') is > 0 and var at && at < a.Length - 1 && a.LastIndexOf('@') == at
            && !a.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '<' or '>' or ',' or '"'));
        if (ok)
            return string.Join(", ", list);
        errors[field] = single ? "must be one address like hiy@example.com" : "must be addresses like you@example.com, separated by commas";
        return null;
    }

    private static string? Line(string raw, string field, Dictionary<string, string> errors)
    {
        if (raw.Length == 0)
            return null;
        if (raw.Length <= 512 && !raw.Any(char.IsControl))
            return raw;
        errors[field] = "must be one line";
        return null;
    }
}
