using System.Collections.Concurrent;
using Hiy.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hiy.Builds;

/// <summary>
/// For apps behind NAT (no webhook can reach them): every <c>poll_interval_s</c>, `git ls-remote` the
/// app's branch and deploy when its head moved past the last deployed sha.
/// </summary>
public sealed class PollService(AppRepository apps, AppService service, GitSource git, TimeProvider time,
    ILogger<PollService> log) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastCheck = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Tick, time);
        while (await timer.WaitForNextTickAsync(ct))
            await PollDueAsync(ct);
    }

    /// <summary>Checks every app whose interval has passed; returns the deploys it queued.</summary>
    public async Task<IReadOnlyList<long>> PollDueAsync(CancellationToken ct)
    {
        var queued = new List<long>();
        var now = time.GetUtcNow();
        foreach (var app in apps.List())
        {
            if (app.PollIntervalS is not { } every || app.RepoUrl is not { Length: > 0 } url)
                continue;
            if (_lastCheck.TryGetValue(app.Name, out var last) && now - last < TimeSpan.FromSeconds(every))
                continue;
            _lastCheck[app.Name] = now;
            try
            {
                var head = await git.LsRemoteAsync(app.Name, url, app.Branch, ct);
                if (head is null || service.OnTrigger(app, DeployTrigger.Poll, "refs/heads/" + app.Branch, head).Deploy is not { } deploy)
                    continue;
                queued.Add(deploy.Id);
                BuildsLog.PollDeploy(log, app.Name, head);
            }
            catch (BuildException e)
            {
                BuildsLog.PollFailed(log, app.Name, e.Message);
            }
        }
        return queued;
    }
}
