using System.Diagnostics;
using Hiy.Ops;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hiy.Tests.Ops;

public class OperationsChannelTests
{
    private static (OperationsChannel Ops, string Requests, string State) Channel(TempDir dir, TimeProvider time)
    {
        var requests = Path.Combine(dir.Path, "run-ops");
        var state = Path.Combine(dir.Path, "ops");
        Directory.CreateDirectory(requests);
        return (new OperationsChannel(requests, state, time, NullLogger<OperationsChannel>.Instance), requests, state);
    }

    [Fact]
    public void Submit_DropsEmptyRequestFile_StatusRequested()
    {
        using var dir = new TempDir();
        var time = new ManualTimeProvider();
        var (ops, requests, _) = Channel(dir, time);
        var status = ops.Submit("reboot");
        Assert.Equal(("reboot", "requested"), (status.Request, status.State));
        Assert.Equal(0, new FileInfo(Path.Combine(requests, "reboot")).Length);
        Assert.Equal(status, ops.Status("reboot"));
        Assert.Equal([status], ops.All());
    }

    [Fact]
    public void Submit_SamePending_RefusedUntilStale()
    {
        using var dir = new TempDir();
        var time = new ManualTimeProvider();
        var (ops, _, _) = Channel(dir, time);
        ops.Submit("os-update");
        var e = Assert.Throws<OpsException>(() => ops.Submit("os-update"));
        Assert.Contains("already requested", e.Message);
        ops.Submit("reboot"); // another request is independent
        time.Advance(OperationsChannel.Stale + TimeSpan.FromSeconds(1));
        Assert.Equal("requested", ops.Submit("os-update").State); // hiy-ops never answered: it may be asked again
    }

    [Fact]
    public void Submit_NoRequestDir_UnavailableNamesTheDirectory()
    {
        using var dir = new TempDir();
        var ops = new OperationsChannel(Path.Combine(dir.Path, "absent"), dir.Path, TimeProvider.System, NullLogger<OperationsChannel>.Instance);
        Assert.False(ops.Available);
        var e = Assert.Throws<OpsException>(() => ops.Submit("reboot"));
        Assert.Contains("absent", e.Message);
        Assert.Throws<ArgumentException>(() => ops.Submit("rm -rf"));
    }

    [Theory]
    [InlineData("""{"request":"os-update","state":"done","message":"updated (0 still upgradable)","at":"2026-11-22T05:00:00Z"}""", "done", "updated (0 still upgradable)")]
    [InlineData("""{"request":"x","state":"failed","message":"E: \"quoted\" \\ back","at":"2026-11-22T05:00:00Z"}""", "failed", "E: \"quoted\" \\ back")]
    [InlineData("not json", "unknown", "the status file is not readable JSON")]
    [InlineData("{}", "unknown", "the status file is not readable JSON")]
    public void Parse_StatusLines_Table(string json, string state, string message)
    {
        var s = OperationsChannel.Parse("os-update", json);
        Assert.Equal(("os-update", state, message), (s.Request, s.State, s.Message));
    }

    /// <summary>
    /// The two halves together: hiy's request file is picked up by the real root-side script (run
    /// here as it runs on the image, with its directories pointed at the test's), and its JSON comes back
    /// readable. apt is the one thing replaced: this machine's package state is not the test's to change.
    /// </summary>
    [Theory]
    [InlineData(0, "Hit:1 http://deb.debian.org/debian bookworm InRelease", "done", "1 packages can be upgraded")]
    [InlineData(100, "E: Failed to fetch \"http://deb.debian.org\" \\ no network", "failed",
        "apt-get update failed: E: Failed to fetch \"http://deb.debian.org\" \\ no network")]
    // apt-get update exits 0 when no mirror answers; that must not read as "nothing to upgrade"
    [InlineData(0, "W: Failed to fetch http://deb.debian.org/debian/dists/bookworm/InRelease  Temporary failure resolving", "failed",
        "apt-get update failed: W: Failed to fetch http://deb.debian.org/debian/dists/bookworm/InRelease  Temporary failure resolving")]
    public async Task HiyOps_OsUpdateCheck_StatusAndListReadBack(int aptExit, string aptOutput, string state, string message)
    {
        using var dir = new TempDir();
        var (ops, requests, stateDir) = Channel(dir, TimeProvider.System);
        var bin = Path.Combine(dir.Path, "bin");
        Directory.CreateDirectory(bin);
        File.WriteAllText(Path.Combine(dir.Path, "apt-output"), aptOutput + "\n");
        File.WriteAllText(Path.Combine(bin, "apt-get"), $"#!/bin/sh\ncat '{dir.Path}/apt-output'\nexit {aptExit}\n");
        File.WriteAllText(Path.Combine(bin, "apt"),
            "#!/bin/sh\necho 'Listing...'\necho 'bash/stable-security 5.2.15-2+b8 amd64 [upgradable from: 5.2.15-2+b7]'\n");
        foreach (var f in Directory.GetFiles(bin))
            File.SetUnixFileMode(f, (UnixFileMode)0b111_101_101);

        ops.Submit("os-update-check");
        var script = Path.Combine(RepoRoot(), "image-builder/files/usr/lib/hiy/hiy-ops");
        var psi = new ProcessStartInfo("bash", [script]) { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.Environment["HIY_OPS_REQUESTS"] = requests;
        psi.Environment["HIY_OPS_STATE"] = stateDir;
        psi.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        using var p = Process.Start(psi)!;
        var stderr = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, stderr);

        Assert.Empty(Directory.GetFiles(requests)); // taken, so it is not run twice
        var status = ops.Status("os-update-check")!;
        Assert.Equal((state, message), (status.State, status.Message));
        if (state == "done")
            Assert.Equal(["bash 5.2.15-2+b8"], File.ReadAllLines(Path.Combine(stateDir, "os-upgradable.txt")));
    }

    private static string RepoRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "hiy.sln")))
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("hiy.sln not found above " + AppContext.BaseDirectory);
        return dir;
    }
}
