using Hiy.Docker.Models;

namespace Hiy.Tests.Docker;

[Collection(DockerCollection.Name)]
public class DockerLogsTests(DockerFixture fx)
{
    private async Task<string> RunToEndAsync(DockerScope scope, string script, bool tty = false)
    {
        var id = await StartAsync(scope, script, tty);
        await fx.Client.WaitContainerAsync(id);
        return id;
    }

    private async Task<string> StartAsync(DockerScope scope, string script, bool tty = false)
    {
        var id = scope.Container(await fx.Client.CreateContainerAsync(fx.Unique("hiy-test-logs"), new ContainerCreateRequest
        {
            Image = "hiy-test/busybox",
            Cmd = ["sh", "-c", script],
            Labels = fx.Labels(),
            Tty = tty,
        }));
        await fx.Client.StartContainerAsync(id);
        return id;
    }

    [Fact]
    public async Task GetLogsAsync_StdoutAndStderr_DemuxedInOrder()
    {
        await using var scope = fx.NewScope();
        var id = await RunToEndAsync(scope, "echo out1; echo err1 >&2; sleep 0.1; echo out2; printf 'no newline'");

        var lines = await CollectAsync(fx.Client.GetLogsAsync(id));

        Assert.Equal([("out1", DockerLogStream.Stdout), ("out2", DockerLogStream.Stdout), ("no newline", DockerLogStream.Stdout)],
            lines.Where(l => l.Stream == DockerLogStream.Stdout).Select(l => (l.Text, l.Stream)));
        Assert.Equal([("err1", DockerLogStream.Stderr)], lines.Where(l => l.Stream == DockerLogStream.Stderr).Select(l => (l.Text, l.Stream)));
    }

    [Fact]
    public async Task GetLogsAsync_TailWithTimestamps_LastLinesWithTheirTimes()
    {
        await using var scope = fx.NewScope();
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        var id = await RunToEndAsync(scope, "for i in 1 2 3 4 5; do echo line$i; done");

        var lines = await CollectAsync(fx.Client.GetLogsAsync(id, new LogsOptions { Tail = 2, Timestamps = true }));

        Assert.Equal(["line4", "line5"], lines.Select(l => l.Text));
        Assert.All(lines, l => Assert.InRange(l.Timestamp!.Value, before, DateTimeOffset.UtcNow.AddSeconds(5)));
    }

    [Fact]
    public async Task GetLogsAsync_HugeLineWithoutNewline_WholeAndNextLinesIntact()
    {
        await using var scope = fx.NewScope();
        var id = await RunToEndAsync(scope, "head -c 1048576 /dev/zero | tr '\\0' a; echo; echo after; head -c 300000 /dev/zero | tr '\\0' b");

        var lines = await CollectAsync(fx.Client.GetLogsAsync(id));

        Assert.Equal(3, lines.Count);
        Assert.Equal(1_048_576, lines[0].Text.Length);
        Assert.True(lines[0].Text.All(c => c == 'a'));
        Assert.Equal("after", lines[1].Text);
        Assert.Equal(new string('b', 300_000), lines[2].Text);

        // json-file stored the long lines as 16 KiB partial messages, each with its own timestamp prefix.
        var stamped = await CollectAsync(fx.Client.GetLogsAsync(id, new LogsOptions { Timestamps = true }));
        Assert.Equal(lines.Select(l => l.Text), stamped.Select(l => l.Text));
        Assert.All(stamped, l => Assert.NotNull(l.Timestamp));
    }

    [Fact]
    public async Task GetLogsAsync_TtyContainer_RawStreamLines()
    {
        await using var scope = fx.NewScope();
        var id = await RunToEndAsync(scope, "echo one; echo two >&2", tty: true);

        var lines = await CollectAsync(fx.Client.GetLogsAsync(id));

        Assert.Equal(["one", "two"], lines.Select(l => l.Text));
    }

    [Fact]
    public async Task GetLogsAsync_FollowThenCancel_NewLinesThenCancellation()
    {
        await using var scope = fx.NewScope();
        var id = await StartAsync(scope, "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var lines = new List<string>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var line in fx.Client.GetLogsAsync(id, new LogsOptions { Follow = true }, cts.Token))
            {
                lines.Add(line.Text);
                if (lines.Count == 4)
                    await cts.CancelAsync();
            }
        });

        Assert.Equal(["tick 0", "tick 1", "tick 2", "tick 3"], lines);
    }

    [Fact]
    public async Task GetLogsAsync_FollowAndConnectionDrops_EndsWithDockerApiExceptionNotAHang()
    {
        await using var scope = fx.NewScope();
        var socket = TestEnv.DockerHost["unix://".Length..];
        using var relay = new SocketRelay(Path.Combine(Path.GetDirectoryName(socket)!, $"relay-logs-{fx.Run}.sock"), socket);
        using var client = new Hiy.Docker.DockerClient(Hiy.Docker.DockerEndpoint.Parse(relay.DockerHost));
        var id = await StartAsync(scope, "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var lines = new List<string>();

        var e = await Assert.ThrowsAsync<Hiy.Docker.DockerApiException>(async () =>
        {
            await foreach (var line in client.GetLogsAsync(id, new LogsOptions { Follow = true, Tty = false }, cts.Token))
            {
                lines.Add(line.Text);
                if (lines.Count == 2)
                    relay.Break();
            }
        });

        Assert.False(cts.IsCancellationRequested);
        Assert.Contains($"container '{id}': logs", e.Message);
        Assert.Equal(["tick 0", "tick 1"], lines.Take(2));
        Assert.All(lines, l => Assert.StartsWith("tick ", l));
    }

    private static async Task<List<DockerLogLine>> CollectAsync(IAsyncEnumerable<DockerLogLine> lines)
    {
        var result = new List<DockerLogLine>();
        await foreach (var line in lines)
            result.Add(line);
        return result;
    }
}
