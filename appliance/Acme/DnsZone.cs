namespace Hiy.Acme;

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
