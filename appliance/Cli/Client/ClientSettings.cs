namespace Hiy.Cli.Client;

/// <summary>
/// Which appliance and token a command uses, by rising priority: the config file, <c>HIY_URL</c>/<c>HIY_TOKEN</c>,
/// then <c>--url</c>/<c>--token</c>. Pure, so the order is tested directly.
/// </summary>
public sealed record ClientSettings(Uri? Url, string? Token, string ConfigPath, ClientConfig Saved)
{
    public static ClientSettings Resolve(string? urlFlag, string? tokenFlag, Func<string, string?> env, ClientConfig saved, string configPath)
    {
        var url = First(urlFlag, env("HIY_URL"), saved.Url);
        var token = First(tokenFlag, env("HIY_TOKEN"), saved.Token);
        return new ClientSettings(url is null ? null : ParseUrl(url), token, configPath, saved);
    }

    /// <summary>An appliance address as people type it: <c>hiy.local</c>, <c>192.168.1.5:8080</c> or a full http(s) URL.</summary>
    public static Uri ParseUrl(string text)
    {
        var trimmed = text.Trim();
        if (!trimmed.Contains("://", StringComparison.Ordinal))
            trimmed = "http://" + trimmed;
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0
            || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
            throw CliException.Usage($"url '{text}' is not an appliance address (e.g. http://hiy.local or https://hiy.example.com)");
        return new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
    }

    public Uri RequireUrl() => Url ?? throw new CliException(ExitCodes.Auth, "not logged in: run 'hiy login <url>' (or pass --url, or set HIY_URL)");

    public string RequireToken() => Token ?? throw new CliException(ExitCodes.Auth, $"not logged in to {RequireUrl()}: run 'hiy login' (or pass --token, or set HIY_TOKEN)");

    private static string? First(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
}
