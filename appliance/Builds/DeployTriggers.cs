using Hiy.Store;

namespace Hiy.Builds;

/// <summary>What a trigger asked of one app: deploy <see cref="Sha"/> of <see cref="Branch"/>, or nothing and why.</summary>
public sealed record TriggerDecision(bool Deploy, string? Branch, string? Sha, string Reason)
{
    /// <summary>Ignored only because the push was to another branch than the app deploys.</summary>
    public bool OtherBranch { get; init; }
}

/// <summary>
/// The one rule from a pushed ref to a deploy, for every trigger (git push, GitHub webhook, poll): only the app's
/// own branch deploys; tags, other refs, deletions and malformed shas do not; the poller does not deploy a head
/// it has already deployed (a failed or canceled one it tries again), nor while a deploy runs; a webhook does not deploy
/// the commit the app's newest live deploy already has. Pure.
/// </summary>
public static class DeployTriggers
{
    private const string BranchPrefix = "refs/heads/";

    /// <param name="gitRef">The full ref pushed (<c>refs/heads/main</c>).</param>
    /// <param name="newSha">The ref's new commit; null or all zeros for a deletion.</param>
    /// <param name="history">The app's deploys, newest first (read by the poll and webhook rules only).</param>
    public static TriggerDecision Decide(AppRecord app, DeployTrigger trigger, string gitRef, string? newSha, IReadOnlyList<DeployRecord> history)
    {
        if (gitRef.StartsWith("refs/tags/", StringComparison.Ordinal))
            return Ignore($"tag push ({gitRef["refs/tags/".Length..]})");
        if (!gitRef.StartsWith(BranchPrefix, StringComparison.Ordinal) || gitRef.Length == BranchPrefix.Length)
            return Ignore($"'{gitRef}' is not a branch");
        var branch = gitRef[BranchPrefix.Length..];
        if (newSha is null || newSha.Length == 0 || newSha.All(c => c == '0'))
            return Ignore($"branch '{branch}' was deleted");
        var sha = newSha.ToLowerInvariant();
        if (sha.Length is not (40 or 64) || !sha.All(char.IsAsciiHexDigitLower))
            return Ignore($"'{newSha}' is not a commit sha");
        if (branch != app.Branch)
            return Ignore($"push to branch '{branch}'; {app.Name} deploys '{app.Branch}'", otherBranch: true);
        if (trigger == DeployTrigger.Poll && history.Any(d => d.Sha == sha && d.Status is not (DeployStatus.Failed or DeployStatus.Canceled)))
            return Ignore($"app '{app.Name}' already deployed {sha[..12]}");
        // A push event for the commit the app is already at (or deploying) is a repeat: GitHub's redelivery, or a
        // captured event re-signed into another body. Only the newest live deploy counts, so a force-push back to an
        // older commit still deploys.
        if (trigger == DeployTrigger.Webhook
            && history.FirstOrDefault(d => d.Status is not (DeployStatus.Failed or DeployStatus.Canceled)) is { } newest && newest.Sha == sha)
            return Ignore($"app '{app.Name}' is already at {sha[..12]} (deploy {newest.Id}); a repeated push event deploys nothing");
        if (trigger == DeployTrigger.Poll && history.Any(d => !d.IsFinished))
            return Ignore($"app '{app.Name}' has a deploy running; polling again later");
        return new TriggerDecision(true, branch, sha, $"deploying {branch} at {sha[..12]}");
    }

    private static TriggerDecision Ignore(string reason, bool otherBranch = false) => new(false, null, null, reason) { OtherBranch = otherBranch };
}
