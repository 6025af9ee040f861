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
        // Resume after the newest stored line, so a restart of hiy or of the container neither loses nor repeats output.
        var resume = new LogResume(logs.AtNewestTime(app.Id));
        var channel = Channel.CreateBounded<DockerLogLine>(new BoundedChannelOptions(10_000) { SingleReader = true, SingleWriter = true });
        var reader = Task.Run(async () =>
        {
            try
            {
                var options = new LogsOptions { Follow = true, Timestamps = true, Since = resume.Since, MaxLineBytes = LogRepository.MaxLineChars };
                await foreach (var line in docker.GetLogsAsync(containerId, options, ct))
                {
                    // `since` has one-second resolution, the store milliseconds: skip what is already stored.
                    if (resume.IsStored(line.Timestamp, StreamName(line.Stream), LogRepository.Clip(redactor.Redact(line.Text))))
                        continue;
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
                            batch.Add((line.Timestamp ?? time.GetUtcNow(), StreamName(line.Stream), redactor.Redact(line.Text)));
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
            // Stopped (the container crashed, or a new deploy took over) inside a batch window: the lines
            // already read are often the last words of a crash, so they are stored rather than dropped.
            try
            {
                foreach (var stored in logs.Append(app.Id, batch))
                    hub.Publish(app.Name, stored);
            }
            catch (StoreException e)
            {
                RuntimeLog.LogCaptureFailed(log, app.Name, e.Message);
            }
        }
        catch (Exception e) when (e is DockerApiException or StoreException or ChannelClosedException)
        {
            RuntimeLog.LogCaptureFailed(log, app.Name, e.Message);
        }
    }

    /// <summary>
    /// The last <paramref name="lines"/> lines of a container that is about to be removed (it crashed or failed its
    /// health check before it ever served): stored in the app's log after a system line naming the deploy, published
    /// to live followers, and returned (redacted) for the deploy log. Nothing when Docker no longer has the container.
    /// </summary>
    public async Task<IReadOnlyList<string>> CaptureLastAsync(AppRecord app, string container, long deployId, int lines, string why,
        CancellationToken ct)
    {
        var redactor = new SecretRedactor(env.Get(app.Id, app.Name).Values);
        var captured = new List<(DateTimeOffset, string, string)>();
        try
        {
            var options = new LogsOptions { Follow = false, Timestamps = true, Tail = lines, MaxLineBytes = LogRepository.MaxLineChars };
            await foreach (var line in docker.GetLogsAsync(container, options, ct))
                captured.Add((line.Timestamp ?? time.GetUtcNow(), StreamName(line.Stream), redactor.Redact(line.Text)));
        }
        catch (DockerApiException e) when (e.IsNotFound)
        {
            return [];
        }
        catch (DockerApiException e)
        {
            return [$"its output could not be read: {e.Message}"];
        }
        var header = captured.Count == 0
            ? $"deploy {deployId}: {why}; it wrote no output"
            : $"deploy {deployId}: {why}; its last {captured.Count} lines:";
        // The header sorts just before the lines it introduces, so the log stays in time order.
        var at = captured.Count > 0 ? ((DateTimeOffset)captured[0].Item1) : time.GetUtcNow();
        try
        {
            foreach (var stored in logs.Append(app.Id, [(at, "system", header), .. captured]))
                hub.Publish(app.Name, stored);
        }
        catch (StoreException e)
        {
            RuntimeLog.LogCaptureFailed(log, app.Name, e.Message);
        }
        return [header, .. captured.Select(c => c.Item3)];
    }

    private static string StreamName(DockerLogStream stream) => stream == DockerLogStream.Stderr ? "stderr" : "stdout";
}
