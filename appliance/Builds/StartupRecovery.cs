using Hiy.Core;
using Hiy.Docker;
using Hiy.Runtime;
using Hiy.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hiy.Builds;

/// <summary>
/// Finishes what a previous run of hiy left half done, before the runtime reconciles and the build queue starts:
/// unfinished deploy records get their real fate (<see cref="RecoveryPlan"/>), no app stays "building", build work
/// dirs and push FIFO dirs go, and on the engine every container of a non-current deploy is retired and the apps'
/// dangling build images removed. The store part runs first and needs no engine; an engine that does not answer
/// leaves its part to the next start.
/// </summary>
public sealed class StartupRecovery(
    AppRepository apps,
    DeployRepository deploys,
    AppRuntime runtime,
    HiyPaths paths,
    ILogger<StartupRecovery> log) : IHostedService
{
    /// <summary>The store and the filesystem; call before anything reads deploys or starts a build.</summary>
    public void RecoverRecords()
    {
        var all = apps.List().ToDictionary(a => a.Id);
        foreach (var deploy in deploys.ListUnfinished())
        {
            if (RecoveryPlan.FateOf(deploy, all.GetValueOrDefault(deploy.AppId)) == DeployFate.Live)
            {
                deploys.MarkRecoveredLive(deploy.Id);
                BuildsLog.RecoveredLive(log, deploy.App, deploy.Id);
            }
        }
        var reaped = deploys.ReapAbandoned();
        if (reaped > 0)
            BuildsLog.ReapedAbandoned(log, reaped);
        foreach (var app in all.Values)
        {
            if (RecoveryPlan.StatusAfterRestart(app) is { } next)
            {
                apps.SetStatus(app.Name, next.Status, next.Detail, app.LastExitCode, app.LastOomKilled);
                BuildsLog.RecoveredStatus(log, app.Name, AppRecord.StatusText(next.Status), next.Detail);
            }
        }
        EmptyDirectory(paths.Builds);
        EmptyDirectory(paths.GitPushes);
    }

    /// <summary>The engine: retires containers of non-current deploys and removes the apps' dangling build images.</summary>
    public async Task RecoverContainersAsync(CancellationToken ct)
    {
        var known = apps.List();
        var ports = known.ToDictionary(a => a.Name, a => a.Port, StringComparer.Ordinal);
        var observed = await runtime.ObserveAsync(n => ports.GetValueOrDefault(n, 0), null, ct);
        var retire = RecoveryPlan.ContainersToRetire(known, [.. observed.Select(o => o.Observed)]);
        await Task.WhenAll(retire.Select(async c =>
        {
            await runtime.StopAsync(c.Id, Retirements.ShutdownStopGrace, ct);
            await runtime.RemoveQuietlyAsync(c.Id, ct);
            BuildsLog.RecoveredRetired(log, c.App, c.DeployId);
        }));
        var images = await runtime.RemoveDanglingImagesAsync(ports.Keys.ToHashSet(StringComparer.Ordinal), ct);
        if (images > 0)
            BuildsLog.RecoveredImages(log, images);
    }

    private void EmptyDirectory(string dir)
    {
        if (!Directory.Exists(dir))
            return;
        foreach (var entry in Directory.EnumerateFileSystemEntries(dir))
        {
            try
            {
                if (Directory.Exists(entry) && !File.GetAttributes(entry).HasFlag(FileAttributes.ReparsePoint))
                    Directory.Delete(entry, recursive: true);
                else
                    File.Delete(entry);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                BuildsLog.RecoveryCleanFailed(log, entry, e.Message);
            }
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RecoverContainersAsync(cancellationToken);
        }
        catch (Exception e) when (e is DockerApiException or RuntimeException)
        {
            BuildsLog.RecoveryEngineFailed(log, e.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
