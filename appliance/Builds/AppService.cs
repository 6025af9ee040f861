using System.Globalization;
using Hiy.Core;
using Hiy.Docker;
using Hiy.Runtime;
using Hiy.Store;
using Microsoft.Extensions.Logging;

namespace Hiy.Builds;

/// <summary>What a PATCH changed on the running app: applied at once, or waiting for the next deploy/restart.</summary>
public sealed record AppUpdate(AppRecord App, string Applied);

/// <summary>What a trigger did for one app: the decision, and the deploy it queued (if it deployed).</summary>
public sealed record TriggerOutcome(TriggerDecision Decision, DeployRecord? Deploy);

/// <summary>
/// The app lifecycle, one owner for each decision: create, change, delete, stop/start/restart, deploy, roll back,
/// deploy an uploaded image, and what a push, webhook or poll deploys. Endpoints parse, call this and map the
/// result; the CLI reaches it through them. App status is written by <see cref="RuntimeService"/> only.
/// </summary>
public sealed class AppService(
    AppRepository apps,
    SiteRepository sites,
    DeployRepository deploys,
    DeployService deployer,
    AppRuntime runtime,
    RuntimeService state,
    ImageUploader uploader,
    AppDeletionHooks deletionHooks,
    HiyPaths paths,
    ILogger<AppService> log)
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    public AppRecord? Find(string name) => apps.Find(name);

    public IReadOnlyList<AppRecord> List() => apps.List();

    public async Task<AppResult<AppRecord>> CreateAsync(AppRecord app, string domain, CancellationToken ct)
    {
        if (sites.Find(app.Name) is not null)
            return new AppError(AppErrorKind.Conflict, "Name taken", $"a static site named '{app.Name}' already serves {app.Name}.{domain}", "name");
        if (apps.Create(app) is not { } created)
            return new AppError(AppErrorKind.Conflict, "App exists", $"an app named '{app.Name}' already exists", "name");
        // Only once the name is ours: whatever a crash left under it (a repository, build dirs) belongs to no app, and a
        // new app starts clean. Before the insert, a refused duplicate would have wiped the existing app's repository.
        RemoveFiles(created.Name);
        await state.ReconcileAsync(created.Name, ct);
        return apps.Find(created.Name)!;
    }

    /// <summary>
    /// Saves new settings. Memory and CPU limits reach the running container at once (<c>docker update</c>);
    /// a port, health path, volume or capability change needs a new container, so it is said to wait for the next
    /// deploy or <c>restart</c>.
    /// </summary>
    public async Task<AppUpdate> UpdateAsync(AppRecord existing, AppRecord changed, CancellationToken ct)
    {
        apps.UpdateSettings(changed);
        var saved = apps.Find(changed.Name)!;
        var applied = new List<string>();
        var limits = existing.MemoryMb != saved.MemoryMb || existing.Cpus != saved.Cpus;
        var running = saved.CurrentDeployId is { } deploy && state.Upstreams.GetValueOrDefault(saved.Name) is not null
            ? AppContainerSpec.ContainerName(saved.Name, deploy) : null;
        if (limits && running is not null)
        {
            try
            {
                await runtime.UpdateLimitsAsync(saved, running, ct);
                applied.Add($"memory {saved.MemoryMb} MB and {saved.Cpus.ToString(CultureInfo.InvariantCulture)} CPUs applied to the running container");
            }
            catch (DockerApiException e)
            {
                BuildsLog.LimitsNotApplied(log, saved.Name, e.Message);
                applied.Add($"memory and CPU limits saved; the running container kept its old ones ({e.Message}): restart the app to apply them");
            }
        }
        else if (limits)
            applied.Add("memory and CPU limits saved: they apply when the app next runs");
        var recreate = existing.Port != saved.Port || existing.HealthPath != saved.HealthPath || existing.VolumePath != saved.VolumePath
            || !existing.CapAdd.SequenceEqual(saved.CapAdd);
        if (recreate)
            applied.Add(saved.CurrentDeployId is null ? "settings saved for the first deploy"
                : "port, health path, volume or capabilities saved: they take effect on the next deploy or `restart`");
        return new AppUpdate(saved, applied.Count == 0 ? "saved" : string.Join("; ", applied));
    }

    /// <summary>
    /// Removes the app and everything of it: running builds, containers, images, its static site, its pushed
    /// repository and build dirs (so an app re-created under the name starts from nothing); the volume only when asked.
    /// </summary>
    public async Task<AppError?> DeleteAsync(AppRecord app, bool purgeVolume, CancellationToken ct)
    {
        foreach (var d in deploys.List(app.Name, 20).Where(d => !d.IsFinished))
            deployer.Cancel(d.Id);
        try
        {
            await runtime.RemoveAppAsync(app.Name, purgeVolume, ct);
        }
        catch (DockerApiException e)
        {
            return new AppError(AppErrorKind.Unavailable, "Docker unavailable", $"app '{app.Name}' was not deleted: {e.Message}");
        }
        deletionHooks.Run(app.Name);
        apps.Delete(app.Name);
        sites.Delete(app.Name);
        await state.ReconcileAsync(app.Name, ct);
        RemoveFiles(app.Name);
        return null;
    }

    public Task<AppResult<AppRecord>> StopAsync(AppRecord app, CancellationToken ct) =>
        ContainerActionAsync(app, "stop", c => state.StopAppAsync(app.Name, c, StopGrace, ct));

    public Task<AppResult<AppRecord>> StartAsync(AppRecord app, CancellationToken ct) =>
        ContainerActionAsync(app, "start", c => state.StartAppAsync(app.Name, c, ct));

    /// <summary>
    /// A restart is a deploy of the current image (new container → health check → swap → retire the old one), so
    /// requests keep being served by the old container until the new one answers.
    /// </summary>
    public async Task<AppResult<DeployRecord>> RestartAsync(AppRecord app, CancellationToken ct)
    {
        if (app.CurrentDeployId is not { } current)
            return new AppError(AppErrorKind.Conflict, "Nothing deployed", $"app '{app.Name}' has no deploy to restart yet");
        var image = deploys.FindById(current)?.Image;
        if (image is null)
            return new AppError(AppErrorKind.Conflict, "Static site", $"app '{app.Name}' serves a static site (deploy {current}): there is no container to restart");
        if (await ImageExistsAsync(image, ct) is { } missing)
            return missing;
        return deployer.Enqueue(app, DeployTrigger.Restart, image: image);
    }

    /// <summary>A deploy of <paramref name="gitRef"/> (or the app's branch): the ref passes the git ref gate first.</summary>
    public AppResult<DeployRecord> Deploy(AppRecord app, DeployTrigger trigger, string? gitRef)
    {
        if (gitRef is not null && GitRefName.Problem(gitRef) is { } why)
            return new AppError(AppErrorKind.Invalid, "Invalid deploy", $"ref {why}", "ref");
        return deployer.Enqueue(app, trigger, gitRef);
    }

    /// <summary>Deploys an uploaded <c>docker save</c> tar without a build (see <see cref="ImageUploader"/>).</summary>
    public async Task<AppResult<DeployRecord>> DeployImageAsync(AppRecord app, Stream tar, CancellationToken ct)
    {
        var image = await uploader.LoadAsync(app.Name, tar, ct);
        if (image.Error is { } error)
            return error;
        return deployer.Enqueue(app, DeployTrigger.Manual, image.Value, image: image.Value);
    }

    /// <summary>What a git push, webhook or poll does for <paramref name="app"/> (see <see cref="DeployTriggers"/>).</summary>
    public TriggerOutcome OnTrigger(AppRecord app, DeployTrigger trigger, string gitRef, string? newSha)
    {
        var decision = DeployTriggers.Decide(app, trigger, gitRef, newSha, trigger is DeployTrigger.Poll or DeployTrigger.Webhook ? deploys.List(app.Name, 50) : []);
        return new TriggerOutcome(decision, decision.Deploy ? deployer.Enqueue(app, trigger, decision.Branch, decision.Sha) : null);
    }

    /// <summary>Rolls back to <paramref name="deployId"/>, or to what <see cref="RollbackRule"/> picks.</summary>
    public async Task<AppResult<DeployRecord>> RollbackAsync(AppRecord app, long? deployId, CancellationToken ct)
    {
        var history = deploys.List(app.Name, 200);
        var target = deployId is { } id ? history.FirstOrDefault(d => d.Id == id) : RollbackRule.Target(app.CurrentDeployId, history);
        if (target is null)
            return deployId is null
                ? new AppError(AppErrorKind.Conflict, "Nothing to roll back to", $"app '{app.Name}' has no earlier successful deploy")
                : new AppError(AppErrorKind.NotFound, "Nothing to roll back to", $"app '{app.Name}' has no deploy {deployId}", "deploy_id");
        if (target.Status != DeployStatus.Succeeded)
            return new AppError(AppErrorKind.Conflict, "Deploy did not succeed", $"deploy {target.Id} of '{app.Name}' {target.Status.ToText()}: roll back to one that went live", "deploy_id");
        if (target.Image is null && target.SiteVersion is { } version)
        {
            // A static deploy: re-activate the version it published, if it is still kept.
            if (sites.Find(app.Name)?.Versions.Any(v => v.Version == version) != true)
                return new AppError(AppErrorKind.Conflict, "Version gone", $"static site version {version} of deploy {target.Id} was pruned; deploy its sha {target.Sha} instead");
            return deployer.Enqueue(app, DeployTrigger.Rollback, target.Sha ?? target.Ref, target.Sha, siteVersion: version);
        }
        if (target.Image is null)
            return new AppError(AppErrorKind.Conflict, "Image gone", $"deploy {target.Id} has no image; deploy its sha {target.Sha} instead");
        if (await ImageExistsAsync(target.Image, ct) is { } missing)
            return missing with { Detail = $"the image of deploy {target.Id} ({target.Image}) was pruned; deploy its sha {target.Sha} instead" };
        return deployer.Enqueue(app, DeployTrigger.Rollback, target.Sha ?? target.Ref, target.Sha, target.Image);
    }

    /// <summary>Restarts an app on its current image with fresh env values; null when nothing runs yet.</summary>
    public async Task<long?> RestartWithNewEnvAsync(AppRecord app, CancellationToken ct)
    {
        if (app.CurrentDeployId is not { } current || deploys.FindById(current)?.Image is not { } image || await ImageExistsAsync(image, ct) is not null)
            return null;
        return deployer.Enqueue(app, DeployTrigger.Env, image: image).Id;
    }

    private async Task<AppError?> ImageExistsAsync(string image, CancellationToken ct)
    {
        try
        {
            return await runtime.Docker.ImageExistsAsync(image, ct) ? null
                : new AppError(AppErrorKind.Conflict, "Image gone", $"image {image} was pruned: deploy again");
        }
        catch (DockerApiException e)
        {
            return new AppError(AppErrorKind.Unavailable, "Docker unavailable", e.Message);
        }
    }

    private async Task<AppResult<AppRecord>> ContainerActionAsync(AppRecord app, string verb, Func<string, Task> action)
    {
        if (app.CurrentDeployId is not { } deploy)
            return new AppError(AppErrorKind.Conflict, "Nothing deployed", $"app '{app.Name}' has no deploy to {verb} yet");
        try
        {
            await action(AppContainerSpec.ContainerName(app.Name, deploy));
        }
        catch (DockerApiException e) when (e.IsNotFound)
        {
            return new AppError(AppErrorKind.Conflict, "Container gone", $"app '{app.Name}': the container of deploy {deploy} no longer exists; deploy again");
        }
        catch (DockerApiException e)
        {
            return new AppError(AppErrorKind.Unavailable, "Docker unavailable", $"app '{app.Name}': {verb}: {e.Message}");
        }
        return apps.Find(app.Name)!;
    }

    private void RemoveFiles(string app)
    {
        foreach (var dir in new[] { paths.GitRepo(app), paths.AppBuilds(app), paths.SiteDir(app) })
        {
            try
            {
                if (Directory.Exists(dir))
                    Directory.Delete(dir, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                BuildsLog.LeftoverNotRemoved(log, app, dir, e.Message);
            }
        }
    }
}
