using System.Security.Cryptography;
using System.Text;
using Hiy.Secrets;
using Hiy.Store;

namespace Hiy.Tests.Store;

public class AppRepositoryTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly HiyDatabase _db;
    private readonly AppRepository _apps;

    public AppRepositoryTests()
    {
        _db = HiyDatabase.Open(_dir.File("hiy.db"));
        _apps = new AppRepository(_db, new ManualTimeProvider());
    }

    [Fact]
    public void Create_ThenFind_RoundTripsEveryField()
    {
        var created = _apps.Create(new AppRecord
        {
            Name = "blog", RepoUrl = "https://github.com/me/blog.git", Branch = "prod", Port = 3000, MemoryMb = 256, Cpus = 1.5,
            HealthPath = "/up", PollIntervalS = 60, VolumePath = "/data", CapAdd = ["NET_BIND_SERVICE"],
        });
        Assert.NotNull(created);
        var found = _apps.Find("blog")!;
        Assert.Equivalent(created, found, strict: true);
        Assert.Equal(["NET_BIND_SERVICE"], found.CapAdd);
        Assert.Equal(AppStatus.Created, found.Status);
        Assert.Equal(1.5, found.Cpus);
    }

    [Fact]
    public void Create_DuplicateName_ReturnsNull()
    {
        Assert.NotNull(_apps.Create(new AppRecord { Name = "blog" }));
        Assert.Null(_apps.Create(new AppRecord { Name = "blog" }));
    }

    [Fact]
    public void SetStatus_Crashed_RecordsExitAndOom()
    {
        _apps.Create(new AppRecord { Name = "hog" });
        _apps.SetStatus("hog", AppStatus.Crashed, "exited with code 137 (OOM-killed)", 137, oomKilled: true);
        var app = _apps.Find("hog")!;
        Assert.Equal(AppStatus.Crashed, app.Status);
        Assert.Equal(137, app.LastExitCode);
        Assert.True(app.LastOomKilled);
        Assert.Contains("OOM", app.StatusDetail);
    }

    [Fact]
    public void Delete_RemovesAppAndItsEnv()
    {
        var app = _apps.Create(new AppRecord { Name = "gone" })!;
        var env = new EnvRepository(_db, new SecretBox(RandomNumberGenerator.GetBytes(32)), TimeProvider.System);
        env.Merge(app.Id, app.Name, new Dictionary<string, string> { ["A"] = "1" });
        Assert.True(_apps.Delete("gone"));
        Assert.Null(_apps.Find("gone"));
        Assert.Equal(0L, _db.Read(c => c.Command("SELECT COUNT(*) FROM env_vars").ExecuteScalar()));
    }

    [Fact]
    public void Env_Merge_IsSealedAndMerges()
    {
        var app = _apps.Create(new AppRecord { Name = "web" })!;
        var env = new EnvRepository(_db, new SecretBox(RandomNumberGenerator.GetBytes(32)), TimeProvider.System);
        env.Merge(app.Id, app.Name, new Dictionary<string, string> { ["DATABASE_URL"] = "postgres://u:TOPSECRET@db/x", ["A"] = "1" });
        env.Merge(app.Id, app.Name, new Dictionary<string, string> { ["A"] = "2" });
        Assert.True(env.Remove(app.Id, "B") is false);
        var values = env.Get(app.Id, app.Name);
        Assert.Equal("2", values["A"]);
        Assert.Equal("postgres://u:TOPSECRET@db/x", values["DATABASE_URL"]);
        var raw = _db.Read(c => c.Command("SELECT value FROM env_vars").ReadAll(r => Encoding.Latin1.GetString((byte[])r.GetValue(0))));
        Assert.DoesNotContain(raw, v => v.Contains("TOPSECRET"));
    }

    [Fact]
    public void Logs_TailAndAfter_ReturnOldestFirst()
    {
        var app = _apps.Create(new AppRecord { Name = "logger" })!;
        var logs = new LogRepository(_db);
        var t = DateTimeOffset.UnixEpoch;
        logs.Append(app.Id, Enumerable.Range(0, 10).Select(i => (t, "stdout", $"line {i}")).ToArray());
        var tail = logs.Tail(app.Id, 3);
        Assert.Equal(["line 7", "line 8", "line 9"], tail.Select(l => l.Text));
        Assert.Equal(["line 8", "line 9"], logs.After(app.Id, tail[0].Id).Select(l => l.Text));
        logs.Append(app.Id, [(t, "stderr", new string('x', 100_000))]);
        Assert.EndsWith("[truncated]", logs.Tail(app.Id, 1)[0].Text);
    }

    public void Dispose()
    {
        _db.Dispose();
        _dir.Dispose();
    }
}
