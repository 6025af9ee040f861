using Hiy.Builds;
using Hiy.Store;

namespace Hiy.Tests.Builds;

public class DeployTriggersTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private static readonly AppRecord Blog = new() { Name = "blog", Branch = "main" };

    private static DeployRecord D(long id, string sha, DeployStatus status) =>
        new() { Id = id, App = "blog", Status = status, TriggeredBy = DeployTrigger.Poll, Sha = sha };

    [Theory]
    [InlineData(DeployTrigger.Git)]
    [InlineData(DeployTrigger.Webhook)]
    [InlineData(DeployTrigger.Poll)]
    public void Decide_AppsOwnBranch_DeploysThatSha(DeployTrigger trigger)
    {
        var d = DeployTriggers.Decide(Blog, trigger, "refs/heads/main", Sha.ToUpperInvariant(), []);
        Assert.True(d.Deploy);
        Assert.Equal(("main", Sha), (d.Branch, d.Sha));
    }

    [Theory]
    [InlineData("refs/tags/v1", Sha, "tag push (v1)")]
    [InlineData("refs/pull/3/head", Sha, "'refs/pull/3/head' is not a branch")]
    [InlineData("refs/heads/", Sha, "'refs/heads/' is not a branch")]
    [InlineData("refs/heads/main", null, "branch 'main' was deleted")]
    [InlineData("refs/heads/main", "0000000000000000000000000000000000000000", "branch 'main' was deleted")]
    [InlineData("refs/heads/main", "--upload-pack=x", "'--upload-pack=x' is not a commit sha")]
    [InlineData("refs/heads/main", "abc123", "'abc123' is not a commit sha")]
    [InlineData("refs/heads/feature", Sha, "push to branch 'feature'; blog deploys 'main'")]
    public void Decide_NotTheAppsBranchCommit_IgnoredWithReason(string gitRef, string? sha, string reason)
    {
        var d = DeployTriggers.Decide(Blog, DeployTrigger.Git, gitRef, sha, []);
        Assert.False(d.Deploy);
        Assert.Equal(reason, d.Reason);
    }

    [Fact]
    public void Decide_PollOfAHeadAlreadyLive_Ignored_ButAFailedOneIsTriedAgain()
    {
        Assert.False(DeployTriggers.Decide(Blog, DeployTrigger.Poll, "refs/heads/main", Sha, [D(3, Sha, DeployStatus.Succeeded)]).Deploy);
        Assert.True(DeployTriggers.Decide(Blog, DeployTrigger.Poll, "refs/heads/main", Sha, [D(3, Sha, DeployStatus.Failed)]).Deploy);
        Assert.True(DeployTriggers.Decide(Blog, DeployTrigger.Poll, "refs/heads/main", Sha, [D(3, Sha, DeployStatus.Canceled)]).Deploy);
    }

    [Fact]
    public void Decide_PollWhileADeployRuns_Ignored()
    {
        var d = DeployTriggers.Decide(Blog, DeployTrigger.Poll, "refs/heads/main", Sha, [D(3, "1111111111111111111111111111111111111111", DeployStatus.Building)]);
        Assert.False(d.Deploy);
        Assert.Contains("deploy running", d.Reason);
    }

    [Fact]
    public void Decide_PushOfTheSameShaAgain_Deploys()
    {
        // A push that failed its deploy is rejected and leaves the ref alone; pushing the commit again must build again.
        Assert.True(DeployTriggers.Decide(Blog, DeployTrigger.Git, "refs/heads/main", Sha, [D(3, Sha, DeployStatus.Succeeded)]).Deploy);
    }

    [Fact]
    public void Decide_WebhookForTheCommitTheNewestLiveDeployHas_Ignored()
    {
        var d = DeployTriggers.Decide(Blog, DeployTrigger.Webhook, "refs/heads/main", Sha, [D(4, Sha, DeployStatus.Succeeded), D(3, Sha, DeployStatus.Succeeded)]);
        Assert.False(d.Deploy);
        Assert.Equal("app 'blog' is already at 0123456789ab (deploy 4); a repeated push event deploys nothing", d.Reason);
        // Still deploying that commit counts as being at it.
        Assert.False(DeployTriggers.Decide(Blog, DeployTrigger.Webhook, "refs/heads/main", Sha, [D(5, Sha, DeployStatus.Building)]).Deploy);
    }

    [Fact]
    public void Decide_WebhookAfterAFailedDeployOrBackToAnOlderCommit_Deploys()
    {
        const string newer = "1111111111111111111111111111111111111111";
        // The newest deploy of the commit failed: GitHub's retry, or the user's, builds again.
        Assert.True(DeployTriggers.Decide(Blog, DeployTrigger.Webhook, "refs/heads/main", Sha, [D(4, Sha, DeployStatus.Failed), D(3, newer, DeployStatus.Succeeded)]).Deploy);
        // A force-push back to a commit deployed before the current one is a new event.
        Assert.True(DeployTriggers.Decide(Blog, DeployTrigger.Webhook, "refs/heads/main", Sha, [D(4, newer, DeployStatus.Succeeded), D(3, Sha, DeployStatus.Succeeded)]).Deploy);
    }
}
