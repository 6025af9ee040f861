using Hiy.Tests.Docker;
using Xunit.Abstractions;

namespace Hiy.Tests.Dashboard;

/// <summary>
/// The dashboard issue's Must-show for the Apps pages, in real Chromium against `hiy serve` and the test dockerd, at
/// desktop width and at 390 px: wizard → copy the git remote → push and watch the build → running, open the URL →
/// env change restarts → roll back → stop and start → custom domain → a failed push's log → delete. Screenshots of each page land in
/// <see cref="Screenshots.Dir"/>.
/// </summary>
[Collection(DockerCollection.Name)]
public class AppsFlowTests(AppsFlowBrowser chromium, ITestOutputHelper output) : IClassFixture<AppsFlowBrowser>
{
    [Theory]
    [InlineData("desktop", 1280, 900)]
    [InlineData("phone", 390, 844)]
    public async Task AppsFlow_WizardPushEnvRollbackStopStartDomainFailureDelete_EachStepShownInTheBrowser(string viewport, int width, int height)
    {
        await using var flow = await AppsFlow.StartAsync(chromium.RequireBrowser(), viewport, width, height);
        await flow.FinishWizardAndCopyRemoteAsync();
        await flow.PushAndWatchBuildAsync();
        await flow.SeeRunningAndOpenUrlAsync();
        await flow.AddEnvAndWatchRestartAsync();
        await flow.RollBackFromHistoryAsync();
        await flow.StopAndStartAsync();
        await flow.AddCustomDomainAsync();
        await flow.FailedDeployHighlightedAsync();
        await flow.DeleteWithTypedConfirmationAsync();
        foreach (var file in flow.Screenshots)
            output.WriteLine($"screenshot: {file}");
    }
}
