using Hiy.Runtime;
using Hiy.Store;

namespace Hiy.Tests.Runtime;

public class AppObservationTests
{
    [Fact]
    public void Decide_StaticSiteDeploy_RunningWithoutUpstreamEvenWithNoContainer()
    {
        var verdict = AppObservation.Decide(new AppRecord { Name = "blog", Status = AppStatus.Running, CurrentDeployId = 4, StaticVersion = "d4" }, []);

        Assert.Equal(AppStatus.Running, verdict.Status);
        Assert.Null(verdict.UpstreamPort);
        Assert.Null(verdict.ContainerId);
        Assert.Contains("d4", verdict.Detail);
    }

    [Fact]
    public void Decide_ContainerDeployWhoseContainerIsGone_IsCrashed() =>
        Assert.Equal(AppStatus.Crashed,
            AppObservation.Decide(new AppRecord { Name = "blog", Status = AppStatus.Running, CurrentDeployId = 4 }, []).Status);
}
