using Hiy.Store;

namespace Hiy.Builds;

/// <summary>
/// Which versions of an app's static site to delete after a deploy: all but the newest
/// <paramref name="keep"/> (by creation time), never the active one (a rollback may have re-activated an old one).
/// Pure, like the image pruning rule it mirrors ("keep the running one and one to roll back to").
/// </summary>
public static class SiteVersionRetention
{
    public static IReadOnlyList<string> Expired(IReadOnlyList<SiteVersionRecord> versions, string? active, int keep)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        return versions
            .OrderByDescending(v => v.CreatedAt)
            .ThenByDescending(v => v.Version, StringComparer.Ordinal)
            .Skip(keep)
            .Where(v => v.Version != active)
            .Select(v => v.Version)
            .Reverse() // oldest first
            .ToArray();
    }
}
