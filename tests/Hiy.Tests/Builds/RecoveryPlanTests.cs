using Hiy.Builds;
using Hiy.Runtime;
using Hiy.Store;

namespace Hiy.Tests.Builds;

public class RecoveryPlanTests
{
    private static AppRecord App(string name, long? current, AppStatus status = AppStatus.Running, string? staticVersion = null) =>
        new() { Id = name.Length, Name = name, CurrentDeployId = current, Status = status, StaticVersion = staticVersion };

    private static DeployRecord Deploy(long id, DeployStatus status = DeployStatus.Deploying) => new() { Id = id, App = "blog", Status = status, TriggeredBy = DeployTrigger.Git };

    private static ObservedContainer Container(string app, long deploy, bool running = true) =>
        new($"id-{app}-{deploy}", $"hiy-{app}-{deploy}", app, deploy, running, false, 0, false, 40000, default, null);

    [Fact]
    public void FateOf_DeployTheSwapRecordedAsCurrent_IsLive() =>
        Assert.Equal(DeployFate.Live, RecoveryPlan.FateOf(Deploy(7), App("blog", 7, AppStatus.Building)));

    [Theory]
    [InlineData(6L)]   // killed during the build or the health check: the previous deploy still serves
    [InlineData(null)] // a first deploy that never went live
    public void FateOf_DeployNotCurrent_IsAbandoned(long? current) =>
        Assert.Equal(DeployFate.Abandoned, RecoveryPlan.FateOf(Deploy(7, DeployStatus.Building), App("blog", current, AppStatus.Building)));

    [Fact]
    public void FateOf_AppGone_IsAbandoned() =>
        Assert.Equal(DeployFate.Abandoned, RecoveryPlan.FateOf(Deploy(7), null));

    [Fact]
    public void StatusAfterRestart_BuildingWithAServingDeploy_IsRunningNamingIt()
    {
        var next = RecoveryPlan.StatusAfterRestart(App("blog", 6, AppStatus.Building));
        Assert.Equal(AppStatus.Running, next?.Status);
        Assert.Contains("deploy 6 serving", next?.Detail);
    }

    [Fact]
    public void StatusAfterRestart_BuildingWithNothingDeployed_IsFailed() =>
        Assert.Equal(AppStatus.Failed, RecoveryPlan.StatusAfterRestart(App("blog", null, AppStatus.Building))?.Status);

    [Theory]
    [InlineData(AppStatus.Running)]
    [InlineData(AppStatus.Stopped)]
    [InlineData(AppStatus.Crashed)]
    [InlineData(AppStatus.Created)]
    [InlineData(AppStatus.Failed)]
    public void StatusAfterRestart_NotBuilding_StatusStands(AppStatus status) =>
        Assert.Null(RecoveryPlan.StatusAfterRestart(App("blog", 6, status)));

    [Fact]
    public void ContainersToRetire_SeveralOfOneApp_AllButTheCurrentDeploysGo()
    {
        // 5: inside its retire grace; 6: current; 7: caught in its health check; 4: a stopped leftover
        var containers = new[] { Container("blog", 5), Container("blog", 6), Container("blog", 7), Container("blog", 4, running: false) };

        var retire = RecoveryPlan.ContainersToRetire([App("blog", 6)], containers);

        Assert.Equal([4L, 5L, 7L], retire.Select(c => c.DeployId).Order());
    }

    [Fact]
    public void ContainersToRetire_CurrentDeployStopped_ItsContainerStays() =>
        Assert.Empty(RecoveryPlan.ContainersToRetire([App("blog", 6, AppStatus.Stopped)], [Container("blog", 6, running: false)]));

    [Fact]
    public void ContainersToRetire_CurrentDeployIsAStaticSite_EveryContainerGoes() =>
        Assert.Equal(["hiy-blog-6"], RecoveryPlan.ContainersToRetire([App("blog", 6, staticVersion: "v6")], [Container("blog", 6)]).Select(c => c.Name));

    [Fact]
    public void ContainersToRetire_AppThisHiyDoesNotKnow_Untouched() =>
        Assert.Empty(RecoveryPlan.ContainersToRetire([App("blog", 6)], [Container("shop", 1), Container("shop", 2)]));
}
