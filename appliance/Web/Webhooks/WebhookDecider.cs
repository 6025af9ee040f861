using Hiy.Store;

namespace Hiy.Web.Webhooks;

/// <summary>The pure part of the GitHub webhook (API.md "Triggers"): event + payload + apps → decision.</summary>
public static class WebhookDecider
{
    private const string BranchPrefix = "refs/heads/";

    public static WebhookDecision Decide(string? eventType, GithubPushEvent? payload, IEnumerable<AppRecord> apps)
    {
        if (eventType != "push")
            return new IgnoreDecision(eventType == "ping" ? "ping: the webhook is set up" : $"event '{eventType ?? "(none)"}' is not a push");
        if (payload?.Ref is not { } gitRef)
            return new IgnoreDecision("push without a ref");
        if (gitRef.StartsWith("refs/tags/", StringComparison.Ordinal))
            return new IgnoreDecision($"tag push ({gitRef[10..]})");
        if (!gitRef.StartsWith(BranchPrefix, StringComparison.Ordinal))
            return new IgnoreDecision($"'{gitRef}' is not a branch");
        var branch = gitRef[BranchPrefix.Length..];
        if (payload.Deleted || payload.After is null || payload.After.All(c => c == '0'))
            return new IgnoreDecision($"branch '{branch}' was deleted");
        var sha = payload.After.ToLowerInvariant();
        if (sha.Length != 40 || !sha.All(char.IsAsciiHexDigitLower))
            return new IgnoreDecision($"'{payload.After}' is not a commit sha");

        var repo = payload.Repository;
        var urls = new[] { repo?.CloneUrl, repo?.HtmlUrl, repo?.SshUrl, repo?.GitUrl }
            .Select(RepoUrl.Normalize).OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (urls.Count == 0)
            return new IgnoreDecision("the payload names no repository");
        var forRepo = apps.Where(a => RepoUrl.Normalize(a.RepoUrl) is { } u && urls.Contains(u)).ToList();
        var name = repo?.FullName ?? repo?.HtmlUrl ?? repo?.CloneUrl;
        if (forRepo.Count == 0)
            return new IgnoreDecision($"no app is set up for repository {name}");
        var matching = forRepo.Where(a => a.Branch == branch).Select(a => a.Name).Order(StringComparer.Ordinal).ToList();
        if (matching.Count == 0)
            return new IgnoreDecision($"push to branch '{branch}'; {string.Join(", ", forRepo.Select(a => $"{a.Name} deploys '{a.Branch}'"))}");
        return new DeployDecision(matching, branch, sha);
    }
}
