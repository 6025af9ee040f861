using Hiy.Store;

namespace Hiy.Tests.Store;

public class DeployRepositoryTests
{
    [Fact]
    public void ReapAbandoned_UnfinishedDeploys_AreFailedWithAReason_FinishedOnesUntouched()
    {
        using var dir = new TempDir();
        using var db = HiyDatabase.Open(dir.File("hiy.db"));
        var time = new ManualTimeProvider();
        var app = new AppRepository(db, time).Create(new AppRecord { Name = "blog" })!;
        var deploys = new DeployRepository(db, time);
        var building = deploys.Create(app, DeployTrigger.Git, "main");
        deploys.SetStatus(building.Id, DeployStatus.Building);
        var queued = deploys.Create(app, DeployTrigger.Webhook, "main");
        var done = deploys.Create(app, DeployTrigger.Manual, "main");
        deploys.SetStatus(done.Id, DeployStatus.Succeeded);

        Assert.Equal(2, deploys.ReapAbandoned());
        foreach (var id in new[] { building.Id, queued.Id })
        {
            var d = deploys.FindById(id)!;
            Assert.Equal(DeployStatus.Failed, d.Status);
            Assert.Contains("abandoned", d.Error);
            Assert.NotNull(d.FinishedAt);
        }
        Assert.Equal(DeployStatus.Succeeded, deploys.FindById(done.Id)!.Status);
        Assert.Equal([done.Id, queued.Id, building.Id], deploys.List("blog").Select(d => d.Id));
    }

    [Fact]
    public void Create_AfterTheAppWithTheHighestIdsIsDeleted_IdsDoNotRepeat()
    {
        using var dir = new TempDir();
        using var db = HiyDatabase.Open(dir.File("hiy.db"));
        var time = new ManualTimeProvider();
        var apps = new AppRepository(db, time);
        var deploys = new DeployRepository(db, time);
        var first = apps.Create(new AppRecord { Name = "blog" })!;
        var used = new[] { deploys.Create(first, DeployTrigger.Git, "main").Id, deploys.Create(first, DeployTrigger.Git, "main").Id };
        apps.Delete("blog");
        var again = apps.Create(new AppRecord { Name = "blog" })!;
        var next = deploys.Create(again, DeployTrigger.Git, "main").Id;
        Assert.True(next > used.Max(), $"deploy id {next} reused one of {string.Join(",", used)}");
    }
}
