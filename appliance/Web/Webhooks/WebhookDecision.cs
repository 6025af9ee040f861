namespace Hiy.Web.Webhooks;

/// <summary>What to do with a webhook delivery.</summary>
public abstract record WebhookDecision;

/// <summary>Deploy <paramref name="Sha"/> of <paramref name="Branch"/> to each app (several apps may track one repo).</summary>
public sealed record DeployDecision(IReadOnlyList<string> Apps, string Branch, string Sha) : WebhookDecision;

/// <summary>Nothing to deploy, and why (answered with 202 all the same: GitHub must not retry).</summary>
public sealed record IgnoreDecision(string Reason) : WebhookDecision;
