using System.Collections.Concurrent;
using System.Threading.Channels;
using Hiy.Core;
using Hiy.Docker;
using Hiy.Docker.Models;
using Hiy.Store;
using Microsoft.Extensions.Logging;

namespace Hiy.Runtime;

/// <summary>
/// One follower of `docker logs` per running app container, writing the lines (secrets redacted) into
/// the SQLite ring buffer in small batches and fanning them out to live followers.
/// </summary>
public sealed class LogCollectors(IContainerEngine docker, LogRepository logs, EnvRepository env, LogHub hub, TimeProvider time, ILogger<LogCollectors> log)
{
    private const int BatchLines = 200;
    private static readonly TimeSpan BatchDelay = TimeSpan.FromMilliseconds(200);
    private readonly ConcurrentDictionary<string, Collector> _collectors = new(StringComparer.Ordinal);

    private sealed record Collector(string ContainerId, CancellationTokenSource Stop, Task Task);

    /// <summary>Makes sure exactly <paramref name="containerId"/> (or nothing, when null) is being collected for the app.</summary>
    public void Ensure(AppRecord app, string? containerId)
    {
        if (_collectors.TryGetValue(app.Name, out var existing))
        {
            if (existing.ContainerId == containerId && !existing.Task.IsCompleted)
                return;
            Stop(app.Name);
        }
        if (containerId is null)
            return;
        var cts = new CancellationTokenSource();
        var task = Task.Run(() => CollectAsync(app, containerId, cts.Token));
        _collectors[app.Name] = new Collector(containerId, cts, task);
    }

    public void Stop(string app)
    {
        if (_collectors.TryRemove(app, out var c))
        {
            c.Stop.Cancel();
            c.Stop.Dispose();
        }
    }

    public void StopAll()
    {
        foreach (var app in _collectors.Keys.ToList())
            Stop(app);
    }

    private async Task CollectAsync(AppRecord app, string containerId, CancellationToken ct)
    {
        var redactor = new SecretRedactor(env.Get(app.Id, app.Name).Values);
        // Resume after the newest stored line, so a restart of hiy neither loses nor repeats output.
        var last = logs.Tail(app.Id, 1) is [var newest] ? newest.Time : (DateTimeOffset?)null;
        var channel = Channel.CreateBounded<DockerLogLine>(new BoundedChannelOptions(10_000) { SingleReader = true, SingleWriter = true });
        var reader = Task.Run(async () =>
        {
            try
            {
                var options = new LogsOptions { Follow = true, Timestamps = true, Since = last, MaxLineBytes = LogRepository.MaxLineChars };
                await foreach (var line in docker.GetLogsAsync(containerId, options, ct))
                {
                    if (last is { } l && line.Timestamp is { } t && t <= l)
                        continue; // `since` has one-second resolution: skip what is already stored
                    await channel.Writer.WriteAsync(line, ct);
                }
                channel.Writer.TryComplete();
            }
            catch (Exception e) when (e is DockerApiException or OperationCanceledException)
            {
                channel.Writer.TryComplete(e is DockerApiException ? e : null);
            }
        }, ct);

        var batch = new List<(DateTimeOffset, string, string)>(BatchLines);
        try
        {
            while (await channel.Reader.WaitToReadAsync(ct))
            {
                using var closes = new CancellationTokenSource(BatchDelay, time);
                using var window = CancellationTokenSource.CreateLinkedTokenSource(ct, closes.Token);
                try
                {
                    while (batch.Count < BatchLines)
                    {
                        if (channel.Reader.TryRead(out var line))
                            batch.Add((line.Timestamp ?? time.GetUtcNow(), line.Stream == DockerLogStream.Stderr ? "stderr" : "stdout", redactor.Redact(line.Text)));
                        else if (!await channel.Reader.WaitToReadAsync(window.Token))
                            break;
                    }
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    // the batch window closed: write what we have
                }
                foreach (var stored in logs.Append(app.Id, batch))
                    hub.Publish(app.Name, stored);
                batch.Clear();
            }
            await reader;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is DockerApiException or StoreException or ChannelClosedException)
        {
            RuntimeLog.LogCaptureFailed(log, app.Name, e.Message);
        }
    }
}
