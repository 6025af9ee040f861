using System.Globalization;

namespace Hiy.Core;

/// <summary>Host-name checks shared by the config, the wizard and custom domains (RFC 1123 labels).</summary>
public static class DomainName
{
    // Shared: IdnMapping is immutable once configured. Under InvariantGlobalization it uses .NET's managed
    // punycode (RFC 3492) without the ICU tables, which is what a host name needs here.
    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true, AllowUnassigned = false };

    /// <summary>"1.2.3.4" passes the label rules but is an address: no top-level domain is all digits (RFC 3696 §2).</summary>
    public static bool LooksLikeAddress(string name)
    {
        var last = name.AsSpan(name.LastIndexOf('.') + 1);
        return last.Length > 0 && !last.ContainsAnyExcept("0123456789");
    }

    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 253)
            return false;
        foreach (var label in name.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
                return false;
            foreach (var c in label)
            {
                if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
                    return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The gate for a custom domain an app answers on: trimmed, one trailing dot dropped, lower-cased (Unicode case mapping), a
    /// Unicode name turned into its punycode A-label form (RFC 5890 §2.3.2.1), then RFC 1123 labels; at
    /// least two labels, a top-level label that is not all digits (no IP addresses), no wildcard, and not
    /// the appliance's own <paramref name="applianceDomain"/> or a name under it (the wildcard certificate
    /// and the <c>&lt;app&gt;.&lt;domain&gt;</c> hosts own those). Returns null and the name as stored when
    /// it passes, else why not.
    /// </summary>
    public static string? CheckCustom(string? raw, string? applianceDomain, out string name)
    {
        name = "";
        var text = raw?.Trim() ?? "";
        if (text.EndsWith('.'))
            text = text[..^1];
        if (text.Length == 0)
            return "is required";
        if (text.Contains('*', StringComparison.Ordinal))
            return "must not be a wildcard: each custom domain is one exact host name";
        if (text.Contains(':', StringComparison.Ordinal) || text.Contains('/', StringComparison.Ordinal))
            return "must be a host name only, without scheme, port or path";
        string ascii;
        try
        {
            // ASCII input is checked label by label below, with reasons; IdnMapping only turns Unicode into A-labels.
            ascii = System.Text.Ascii.IsValid(text) ? text.ToLowerInvariant() : Idn.GetAscii(text.ToLowerInvariant()).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return $"'{text}' is not a valid host name (labels of a-z, 0-9 and '-', or a valid internationalised name)";
        }
        if (ascii.Length > 253)
            return "must be at most 253 characters (in its punycode form)";
        var labels = ascii.Split('.');
        foreach (var label in labels)
        {
            if (label.Length > 63)
                return $"label '{label}' is longer than 63 characters";
            if (label.Length > 3 && label[2] == '-' && label[3] == '-' && !label.StartsWith("xn--", StringComparison.Ordinal))
                return $"label '{label}' has '--' in the 3rd and 4th position, which only punycode ('xn--') labels may (RFC 5891 §4.2.3.1)";
            if (label.StartsWith("xn--", StringComparison.Ordinal) && !IsPunycodeLabel(label))
                return $"label '{label}' is not valid punycode";
        }
        if (!IsValid(ascii))
            return $"'{ascii}' is not a valid host name (labels of a-z, 0-9 and '-', not starting or ending with '-')";
        if (labels.Length < 2)
            return $"'{ascii}' is not a fully qualified domain name (it needs at least one dot, like www.example.org)";
        if (labels[^1].All(char.IsAsciiDigit))
            return $"'{ascii}' looks like an IP address; custom domains are DNS names";
        var own = applianceDomain?.Trim().TrimEnd('.').ToLowerInvariant();
        if (!string.IsNullOrEmpty(own) && (ascii == own || ascii.EndsWith("." + own, StringComparison.Ordinal)))
            return $"'{ascii}' is under the appliance's own domain {own}; apps get <app>.{own} and its wildcard certificate already";
        if (ascii is "hiy.local" || ascii.EndsWith(".local", StringComparison.Ordinal) || ascii.EndsWith(".localhost", StringComparison.Ordinal))
            return $"'{ascii}' is a local-only name no public CA can issue a certificate for";
        name = ascii;
        return null;
    }

    /// <summary>An <c>xn--</c> label must decode (and encode back to itself), or it is not an A-label at all.</summary>
    private static bool IsPunycodeLabel(string label)
    {
        try
        {
            var unicode = Idn.GetUnicode(label);
            return unicode != label && Idn.GetAscii(unicode).Equals(label, StringComparison.OrdinalIgnoreCase);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
