using Hiy.Store;
using Hiy.Web.Webhooks;

namespace Hiy.Tests.Web.Webhooks;

public class WebhookDeciderTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private const string Zero = "0000000000000000000000000000000000000000";

    private static readonly AppRecord[] Apps =
    [
        new() { Name = "blog", RepoUrl = "https://github.com/me/blog.git", Branch = "main" },
        new() { Name = "blog-staging", RepoUrl = "git@github.com:me/blog.git", Branch = "staging" },
        new() { Name = "shop", RepoUrl = "https://github.com/me/shop", Branch = "main" },
        new() { Name = "shop-mirror", RepoUrl = "https://github.com/ME/Shop/", Branch = "main" },
        new() { Name = "norepo" },
    ];

    private static GithubPushEvent Push(string gitRef = "refs/heads/main", string after = Sha, bool deleted = false,
        string cloneUrl = "https://github.com/me/blog.git", string htmlUrl = "https://github.com/me/blog") => new()
    {
        Ref = gitRef, After = after, Deleted = deleted,
        Repository = new GithubRepository { FullName = "me/blog", CloneUrl = cloneUrl, HtmlUrl = htmlUrl },
    };

    [Theory]
    [InlineData("ping", "ping: the webhook is set up")]
    [InlineData("issues", "event 'issues' is not a push")]
    [InlineData(null, "event '(none)' is not a push")]
    public void Decide_NotPush_Ignored(string? eventType, string reason) =>
        Assert.Equal(new IgnoreDecision(reason), WebhookDecider.Decide(eventType, Push(), Apps));

    [Theory]
    [InlineData("refs/tags/v1.0", Sha, false, "tag push (v1.0)")]
    [InlineData("refs/heads/main", Zero, true, "branch 'main' was deleted")]
    [InlineData("refs/heads/main", Zero, false, "branch 'main' was deleted")]
    [InlineData("refs/heads/main", Sha, true, "branch 'main' was deleted")]
    [InlineData("refs/pull/1/head", Sha, false, "'refs/pull/1/head' is not a branch")]
    [InlineData("refs/heads/feature", Sha, false, "push to branch 'feature'; blog deploys 'main', blog-staging deploys 'staging'")]
    [InlineData("refs/heads/main", "nope", false, "'nope' is not a commit sha")]
    public void Decide_PushNotForDeploy_Ignored(string gitRef, string after, bool deleted, string reason) =>
        Assert.Equal(new IgnoreDecision(reason), WebhookDecider.Decide("push", Push(gitRef, after, deleted), Apps));

    [Fact]
    public void Decide_UnknownRepository_Ignored() =>
        Assert.Equal(new IgnoreDecision("no app is set up for repository me/blog"),
            WebhookDecider.Decide("push", Push(cloneUrl: "https://github.com/me/other.git", htmlUrl: "https://github.com/me/other"), Apps));

    [Theory]
    [InlineData("refs/heads/main", "https://github.com/me/blog.git", "blog")]
    [InlineData("refs/heads/staging", "https://github.com/me/blog.git", "blog-staging")]
    [InlineData("refs/heads/main", "https://github.com/Me/Shop.git", "shop,shop-mirror")]
    public void Decide_MatchingPush_Deploys(string gitRef, string cloneUrl, string apps)
    {
        var decision = WebhookDecider.Decide("push", Push(gitRef, cloneUrl: cloneUrl, htmlUrl: ""), Apps);
        var deploy = Assert.IsType<DeployDecision>(decision);
        Assert.Equal(apps.Split(','), deploy.Apps);
        Assert.Equal(Sha, deploy.Sha);
        Assert.Equal(gitRef[11..], deploy.Branch);
    }

    [Fact]
    public void Decide_MatchByHtmlUrlOnly_Deploys() =>
        Assert.IsType<DeployDecision>(WebhookDecider.Decide("push", Push(cloneUrl: "", htmlUrl: "https://github.com/ME/BLOG/"), Apps));
}
