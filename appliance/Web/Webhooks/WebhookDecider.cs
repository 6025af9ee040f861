using Hiy.Builds;
using Hiy.Store;

namespace Hiy.Web.Webhooks;

/// <summary>The pure part of the GitHub webhook (API.md "Triggers"): event + payload + apps → decision.</summary>
public static class WebhookDecider
{
    public static WebhookDecision Decide(string? eventType, GithubPushEvent? payload, IEnumerable<AppRecord> apps)
    {
        if (eventType != "push")
            return new IgnoreDecision(eventType == "ping" ? "ping: the webhook is set up" : $"event '{eventType ?? "(none)"}' is not a push");
        if (payload?.Ref is not { } gitRef)
            return new IgnoreDecision("push without a ref");
        var repo = payload.Repository;
        var urls = new[] { repo?.CloneUrl, repo?.HtmlUrl, repo?.SshUrl, repo?.GitUrl }
            .Select(RepoUrl.Normalize).OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (urls.Count == 0)
            return new IgnoreDecision("the payload names no repository");
        var forRepo = apps.Where(a => RepoUrl.Normalize(a.RepoUrl) is { } u && urls.Contains(u)).OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
        var name = repo?.FullName ?? repo?.HtmlUrl ?? repo?.CloneUrl;
        if (forRepo.Count == 0)
            return new IgnoreDecision($"no app is set up for repository {name}");
        // The ref → deploy rule is the one every trigger shares.
        var decisions = forRepo.Select(a => (App: a, Decision: DeployTriggers.Decide(a, DeployTrigger.Webhook, gitRef, payload.Deleted ? null : payload.After, []))).ToList();
        var deploying = decisions.Where(d => d.Decision.Deploy).ToList();
        if (deploying.Count == 0 && decisions.All(d => d.Decision.OtherBranch) && gitRef.StartsWith("refs/heads/", StringComparison.Ordinal))
            return new IgnoreDecision($"push to branch '{gitRef["refs/heads/".Length..]}'; {string.Join(", ", forRepo.Select(a => $"{a.Name} deploys '{a.Branch}'"))}");
        if (deploying.Count == 0)
            return new IgnoreDecision(string.Join("; ", decisions.Select(d => d.Decision.Reason).Distinct(StringComparer.Ordinal)));
        return new DeployDecision(deploying.Select(d => d.App.Name).ToList(), deploying[0].Decision.Branch!, deploying[0].Decision.Sha!);
    }
}
