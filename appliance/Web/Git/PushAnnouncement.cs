namespace Hiy.Web.Git;

/// <summary>
/// What the pre-receive hook tells hiy about one push, one line each (<see cref="PushRelay.HookScript"/>):
/// <c>quarantine &lt;GIT_QUARANTINE_PATH&gt;</c> (empty when git made none, e.g. a deletion), then its stdin,
/// <c>&lt;old-sha&gt; &lt;new-sha&gt; &lt;ref&gt;</c> per ref (githooks(5)), then <c>end</c>.
/// </summary>
public sealed record PushAnnouncement(string? Quarantine, IReadOnlyList<RefUpdate> Updates)
{
    public const string QuarantinePrefix = "quarantine ";

    public static PushAnnouncement Empty { get; } = new(null, []);

    /// <summary>Reads the lines up to <c>end</c>; anything else that is not a ref update is skipped.</summary>
    public static PushAnnouncement Parse(IEnumerable<string> lines)
    {
        string? quarantine = null;
        var updates = new List<RefUpdate>();
        foreach (var line in lines)
        {
            if (line == PushRelay.EndLine)
                break;
            if (line.StartsWith(QuarantinePrefix, StringComparison.Ordinal))
                quarantine = line[QuarantinePrefix.Length..].Trim() is { Length: > 0 } q ? q : null;
            else if (RefUpdate.Parse(line) is { } u)
                updates.Add(u);
        }
        return new PushAnnouncement(quarantine, updates);
    }

    /// <summary>
    /// The quarantine directory as an absolute path when it is where receive-pack makes one, directly in
    /// <paramref name="repo"/>'s <c>objects/</c> as <c>tmp_objdir-incoming-*</c> (git-receive-pack(1)
    /// "QUARANTINE ENVIRONMENT"); else null, so a hook's line can never point a build at another directory.
    /// </summary>
    public static string? QuarantineIn(string repo, string? quarantine)
    {
        if (quarantine is null || !Path.IsPathFullyQualified(quarantine))
            return null;
        var full = Path.GetFullPath(quarantine);
        var objects = Path.GetFullPath(Path.Combine(repo, "objects"));
        return Path.GetDirectoryName(full) == objects && Path.GetFileName(full).StartsWith("tmp_objdir-incoming-", StringComparison.Ordinal)
            ? full
            : null;
    }
}
