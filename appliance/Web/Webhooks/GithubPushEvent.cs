namespace Hiy.Web.Webhooks;

/// <summary>The fields hiy reads from a GitHub <c>push</c> event payload (unknown ones are skipped).</summary>
public sealed record GithubPushEvent
{
    public string? Ref { get; init; }
    public string? Before { get; init; }
    public string? After { get; init; }
    public bool Deleted { get; init; }
    public GithubRepository? Repository { get; init; }
    public GithubCommit? HeadCommit { get; init; }
}

public sealed record GithubRepository
{
    public string? FullName { get; init; }
    public string? CloneUrl { get; init; }
    public string? HtmlUrl { get; init; }
    public string? SshUrl { get; init; }
    public string? GitUrl { get; init; }
}

public sealed record GithubCommit
{
    public string? Id { get; init; }
    public string? Message { get; init; }
}

/// <summary>The 202 body: what the webhook did with a delivery.</summary>
public sealed record WebhookResponse(string Action, string? Reason = null, string? Sha = null,
    IReadOnlyList<string>? Apps = null, IReadOnlyList<long>? DeployIds = null, string? Delivery = null);
