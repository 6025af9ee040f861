using Hiy.Builds;
using Hiy.Core;
using Hiy.Runtime;
using Hiy.Store;
using Hiy.Tests.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hiy.Tests.Builds;

/// <summary>Start-up recovery over a real SQLite store, a temp data dir and the fake engine.</summary>
public sealed class StartupRecoveryTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly HiyDatabase _db;
    private readonly ManualTimeProvider _time = new();
    private readonly AppRepository _apps;
    private readonly DeployRepository _deploys;
    private readonly HiyPaths _paths;
    private readonly Journal _journal = new();
    private readonly FakeContainerEngine _engine;
    private readonly StartupRecovery _recovery;

    public StartupRecoveryTests()
    {
        _db = HiyDatabase.Open(_dir.File("hiy.db"));
        _apps = new AppRepository(_db, _time);
        _deploys = new DeployRepository(_db, _time);
        _paths = new HiyPaths(_dir.File("data"));
        _engine = new FakeContainerEngine(_journal);
        _recovery = new StartupRecovery(_apps, _deploys, new AppRuntime(_engine, _time), _paths, NullLogger<StartupRecovery>.Instance);
    }

    public void Dispose()
    {
        _db.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void RecoverRecords_KilledAfterTheSwap_DeployRecordedSucceededAndAppNotBuilding()
    {
        var app = _apps.Create(new AppRecord { Name = "blog" })!;
        var old = _deploys.Create(app, DeployTrigger.Git, "main");
        _deploys.SetStatus(old.Id, DeployStatus.Succeeded);
        var live = _deploys.Create(app, DeployTrigger.Git, "main");
        _deploys.SetStatus(live.Id, DeployStatus.Deploying);
        _apps.SetCurrentDeploy("blog", live.Id); // the swap happened; the pipeline never closed the record
        _apps.SetStatus("blog", AppStatus.Building, $"deploy {live.Id} building");

        _recovery.RecoverRecords();

        var d = _deploys.FindById(live.Id)!;
        Assert.Equal(DeployStatus.Succeeded, d.Status);
        Assert.Null(d.Error);
        Assert.NotNull(d.FinishedAt);
        Assert.Equal($"hiy-blog-{live.Id}", d.ContainerId);
        Assert.Equal(AppStatus.Running, _apps.Find("blog")!.Status);
    }

    [Fact]
    public void RecoverRecords_KilledBeforeTheSwap_DeployAbandonedPreviousStillCurrent()
    {
        var app = _apps.Create(new AppRecord { Name = "blog" })!;
        var old = _deploys.Create(app, DeployTrigger.Git, "main");
        _deploys.SetStatus(old.Id, DeployStatus.Succeeded);
        _apps.SetCurrentDeploy("blog", old.Id);
        var cut = _deploys.Create(app, DeployTrigger.Git, "main");
        _deploys.SetStatus(cut.Id, DeployStatus.Deploying);
        var queued = _deploys.Create(app, DeployTrigger.Webhook, "main");
        _apps.SetStatus("blog", AppStatus.Building, $"deploy {cut.Id} building");

        _recovery.RecoverRecords();

        foreach (var id in new[] { cut.Id, queued.Id })
        {
            Assert.Equal(DeployStatus.Failed, _deploys.FindById(id)!.Status);
            Assert.Contains("abandoned", _deploys.FindById(id)!.Error);
        }
        Assert.Equal(DeployStatus.Succeeded, _deploys.FindById(old.Id)!.Status);
        var after = _apps.Find("blog")!;
        Assert.Equal(AppStatus.Running, after.Status);
        Assert.Equal(old.Id, after.CurrentDeployId);
    }

    [Fact]
    public void RecoverRecords_ScratchDirsLeftByACrash_AreEmptiedButKept()
    {
        Directory.CreateDirectory(_paths.BuildWorkDir("blog", 7));
        File.WriteAllText(Path.Combine(_paths.BuildWorkDir("blog", 7), "Dockerfile"), "FROM scratch");
        var push = Path.Combine(_paths.GitPushes, "0123abcd");
        Directory.CreateDirectory(push);
        File.WriteAllText(Path.Combine(push, "refs"), "");

        _recovery.RecoverRecords();

        Assert.Empty(Directory.EnumerateFileSystemEntries(_paths.Builds));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_paths.GitPushes));
    }

    [Fact]
    public async Task RecoverContainersAsync_StrayContainersAndDanglingImages_OnlyTheCurrentDeploysContainerAndForeignThingsStay()
    {
        var app = _apps.Create(new AppRecord { Name = "blog" })!;
        _apps.SetCurrentDeploy("blog", 6);
        _engine.Add("blog", 5);                 // was inside its retire grace
        _engine.Add("blog", 6);                 // current
        _engine.Add("blog", 7);                 // was in its health check
        _engine.Add("shop", 1);                 // another hiy's app on the same engine
        var blogLabels = new Dictionary<string, string> { [AppContainerSpec.LabelApp] = "blog", [AppContainerSpec.LabelManaged] = "1" };
        _engine.AddImage("sha256:dangling-blog", [], blogLabels);
        _engine.AddImage("sha256:tagged-blog", ["hiy/blog:abc-6"], blogLabels);
        _engine.AddImage("sha256:dangling-shop", [], new() { [AppContainerSpec.LabelApp] = "shop", [AppContainerSpec.LabelManaged] = "1" });

        await _recovery.RecoverContainersAsync(CancellationToken.None);

        Assert.Equal(["hiy-blog-6", "hiy-shop-1"], _engine.Names);
        Assert.True(_engine.IsRunning("hiy-blog-6"));
        foreach (var gone in new[] { "hiy-blog-5", "hiy-blog-7" })
            Assert.True(_journal.IndexOf($"stop {gone}") < _journal.IndexOf($"remove {gone}"), $"{gone} is stopped, then removed");
        Assert.Equal(["sha256:tagged-blog", "sha256:dangling-shop"], _engine.ImageIds);
        Assert.Equal(app.Id, _apps.Find("blog")!.Id);
    }
}
