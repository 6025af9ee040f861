namespace Hiy.Acme;

/// <summary>Publishes and removes the dns-01 TXT records (RFC 8555 §8.4) in one DNS zone.</summary>
public interface IDnsProvider
{
    /// <summary>The zone apex this provider controls, e.g. <c>example.com</c>.</summary>
    string Zone { get; }

    /// <summary>Creates a TXT record and returns the provider's id for it (to delete exactly that one).</summary>
    Task<string> CreateTxtRecordAsync(string name, string value, CancellationToken ct = default);

    Task DeleteTxtRecordAsync(string recordId, CancellationToken ct = default);
}

/// <summary>Zone membership, shared by the issuer's challenge choice and its tests.</summary>
public static class DnsZone
{
    /// <summary>True when <paramref name="domain"/> (a wildcard counts as its base) is the zone apex or below it.</summary>
    public static bool Contains(string zone, string domain)
    {
        var name = (domain.StartsWith("*.", StringComparison.Ordinal) ? domain[2..] : domain).TrimEnd('.');
        var apex = zone.TrimEnd('.');
        return apex.Length > 0 && (name.Equals(apex, StringComparison.OrdinalIgnoreCase)
            || name.EndsWith("." + apex, StringComparison.OrdinalIgnoreCase));
    }
}
