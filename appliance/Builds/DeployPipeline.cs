using System.Globalization;
using Hiy.Core;
using Hiy.Docker;
using Hiy.Docker.Models;
using Hiy.Runtime;
using Hiy.Store;

namespace Hiy.Builds;

/// <summary>
/// One deploy, start to end: fetch the source → detect the strategy → build <c>hiy/&lt;app&gt;:&lt;tag&gt;</c>
/// → refuse a foreign architecture → release (start, health check, swap, retire the old container)
/// → prune the app's old images → clean the work dir. A static-site repository instead becomes a version
/// of the app's own static site (<see cref="StaticSitePublisher"/>), activated in place of a container.
/// Any failure leaves the serving version alone.
/// </summary>
public sealed class DeployPipeline(
    AppRepository apps,
    DeployRepository deploys,
    EnvRepository env,
    DockerClient docker,
    ReleaseSwapper swapper,
    GitSource git,
    HiyPaths paths,
    BaseImages baseImages,
    StaticSitePublisher sites,
    BuildCacheTrimmer cache,
    HeldSecrets held)
{
    /// <summary>Images of an app kept after a deploy: the running one and one to roll back to.</summary>
    public const int KeepImages = 2;

    public async Task<BuildOutcome> RunAsync(BuildJob job, BuildLog log, CancellationToken ct)
    {
        var request = job.Request;
        var app = apps.Find(request.App) ?? throw new BuildException(request.App, "the app no longer exists");
        var deploy = deploys.FindById(request.DeployId) ?? throw new BuildException(request.App, $"deploy {request.DeployId} is gone");
        var values = env.Get(app.Id, app.Name);
        // Every secret hiy holds, not only this app's env: a build that prints the Cloudflare token must not store it.
        log.UseRedactor(new SecretRedactor(held.All()));
        var workDir = paths.BuildWorkDir(app.Name, deploy.Id);
        var built = false;
        try
        {
            string? image = null, siteVersion = null;
            if (deploy.Image is { } prebuilt)
            {
                log.Step($"Deploying image {prebuilt} ({deploy.TriggeredBy.ToText()}, no build)");
                image = prebuilt;
                await CheckArchitectureAsync(app.Name, image, ct);
            }
            else if (deploy.SiteVersion is { } version)
            {
                log.Step($"Re-activating version {version} of static site {app.Name} ({deploy.TriggeredBy.ToText()}, no build)");
                sites.EnsureVersion(app.Name, version);
                siteVersion = version;
            }
            else
            {
                built = true;
                (image, siteVersion, app) = await BuildAsync(app, deploy, workDir, log, ct);
            }
            job.ReportDeploying();
            if (siteVersion is not null)
            {
                deploys.SetSiteVersion(deploy.Id, siteVersion);
                await swapper.ActivateSiteAsync(app, deploy.Id, siteVersion, StepOrLine(log), ct);
                sites.PruneVersions(app.Name, log);
                await AfterSwapAsync(() => TrimCacheAsync(built, log, ct), log);
                log.Step($"Done: {app.Name} is live (static site version {siteVersion}, no container) in {log.Total.TotalSeconds:0.0} s");
                return BuildOutcome.Success;
            }
            if (image is null)
                throw new BuildException(app.Name, "the build produced no image");
            deploys.SetResult(deploy.Id, null, image, null);
            // The swapper's "-----> " lines are steps of this deploy (timed), the rest detail lines.
            var started = await swapper.ReleaseAsync(app, deploy.Id, image, values, StepOrLine(log), ct);
            deploys.SetResult(deploy.Id, null, null, started.Id);
            await AfterSwapAsync(async () =>
            {
                await PruneImagesAsync(app.Name, log, ct);
                await TrimCacheAsync(built, log, ct);
            }, log);
            log.Step($"Done: {app.Name} is live in {log.Total.TotalSeconds:0.0} s");
            return BuildOutcome.Success;
        }
        catch (Exception e) when (e is BuildException or RuntimeException or DockerApiException or ProcessRunException or StoreException)
        {
            log.Failure(e.Message);
            await TrimCacheAsync(built, log, ct); // a failed build leaves images too
            return BuildOutcome.Failure(e.Message);
        }
        finally
        {
            try { if (Directory.Exists(workDir)) Directory.Delete(workDir, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>
    /// Housekeeping after the swap: the new version is live, so hiy stopping or an engine error now must not turn
    /// the deploy into "canceled" or "failed" (the record would contradict what serves); the next deploy prunes
    /// what this one skipped.
    /// </summary>
    private static async Task AfterSwapAsync(Func<Task> work, BuildLog log)
    {
        try
        {
            await work();
        }
        catch (OperationCanceledException)
        {
            log.Line("       pruning skipped: hiy is stopping");
        }
        catch (DockerApiException e)
        {
            log.Line($"       pruning skipped: {e.Message}");
        }
    }

    /// <summary>The build-cache cap, after a build only; a failure to measure or prune never fails the deploy.</summary>
    private async Task TrimCacheAsync(bool built, BuildLog log, CancellationToken ct)
    {
        if (!built || ct.IsCancellationRequested)
            return;
        try
        {
            await cache.TrimAsync(log, ct);
        }
        catch (DockerApiException e)
        {
            log.Line($"       build cache not checked: {e.Message}");
        }
    }

    private static Action<string> StepOrLine(BuildLog log) =>
        line => { if (line.StartsWith(BuildLog.StepPrefix, StringComparison.Ordinal)) log.Step(line[BuildLog.StepPrefix.Length..]); else log.Line(line); };

    private async Task<(string? Image, string? SiteVersion, AppRecord App)> BuildAsync(AppRecord app, DeployRecord deploy, string workDir, BuildLog log, CancellationToken ct)
    {
        var source = SourceOf(app, deploy);
        var target = deploy.Sha ?? deploy.Ref ?? app.Branch;
        log.Step($"Fetching {GitSource.Redact(source)} ({target})");
        if (Directory.Exists(workDir))
            Directory.Delete(workDir, recursive: true);
        Directory.CreateDirectory(Path.GetDirectoryName(workDir)!);
        var sha = GitSource.IsSha(target)
            ? await git.FetchShaAsync(app.Name, source, target, workDir, ct)
            : await git.CloneAsync(app.Name, source, target, workDir, ct);
        deploys.SetResult(deploy.Id, sha, null, null);
        log.Line($"       at {sha}");

        var files = new DirectoryRepoFiles(workDir);
        var detection = StrategyDetector.Detect(files);
        if (!detection.Ok)
            throw new BuildException(app.Name, string.Join("; ", detection.Problems.Select(p => p.ToString())));
        var settings = detection.Settings;
        if (settings.Port is { } port && port != app.Port || settings.HealthPath is { } hp && hp != app.HealthPath)
        {
            app = app with { Port = settings.Port ?? app.Port, HealthPath = settings.HealthPath ?? app.HealthPath };
            apps.UpdateSettings(app);
            log.Line($"       repo settings: port {app.Port}, health path {app.HealthPath}");
        }

        string dockerfile = StrategyDetector.DefaultDockerfile;
        string? generated = null;
        switch (detection.Strategy)
        {
            case DockerfileStrategy d:
                dockerfile = d.DockerfilePath;
                log.Step($"Building with {dockerfile}");
                break;
            case LanguageStrategy l:
                generated = DockerfileTemplates.Generate(l, files, app.Port, settings.BuildArgs, baseImages);
                log.Step($"Detected a {l.Language} app; generated Dockerfile:");
                foreach (var line in generated.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                    log.Line("       " + line);
                break;
            case StaticStrategy s:
                log.Step($"Detected a static site ({(s.SiteDir == "." ? "repository root" : s.SiteDir + "/")}"
                    + (s.BuildCommand is { } cmd ? $", built by `{cmd}`" : "") + $"); hiy serves it as version {StaticSitePublisher.VersionOf(deploy.Id)}, no container");
                return (null, await sites.PublishAsync(app, deploy.Id, workDir, s, files, settings, log, ct), app);
        }

        var tag = $"{sha[..12]}-{deploy.Id.ToString(CultureInfo.InvariantCulture)}";
        var image = $"{AppContainerSpec.ImageRepository(app.Name)}:{tag}";
        await using (var context = BuildContextTar.Open(workDir, dockerfile, generated, ct))
        {
            await docker.BuildImageAsync(context, new ImageBuildOptions
            {
                Tags = [image],
                Dockerfile = dockerfile,
                BuildArgs = settings.BuildArgs,
                Labels = new Dictionary<string, string>
                {
                    [AppContainerSpec.LabelApp] = app.Name,
                    [AppContainerSpec.LabelDeploy] = deploy.Id.ToString(CultureInfo.InvariantCulture),
                    [AppContainerSpec.LabelManaged] = "1",
                },
            }, line => log.Line("       " + line), ct);
        }
        log.Line($"       built {image}");
        await CheckArchitectureAsync(app.Name, image, ct);
        return (image, null, app);
    }

    /// <summary>Where the source comes from: the bare repo a `git push` filled, else the app's repo_url.</summary>
    private string SourceOf(AppRecord app, DeployRecord deploy)
    {
        var pushed = paths.GitRepo(app.Name);
        if ((deploy.TriggeredBy == DeployTrigger.Git || app.RepoUrl is not { Length: > 0 }) && Directory.Exists(pushed))
            return pushed;
        if (app.RepoUrl is { Length: > 0 } url)
            return url;
        throw new BuildException(app.Name, $"no repo_url is set and nothing was pushed to it yet: set repo_url or `git push` to /git/{app.Name}.git");
    }

    private async Task CheckArchitectureAsync(string app, string image, CancellationToken ct)
    {
        var inspect = await docker.InspectImageAsync(image, ct);
        var info = await docker.GetInfoAsync(ct);
        if (Architectures.Mismatch(inspect.Architecture, info.Architecture) is { } why)
            throw new BuildException(app, $"image {image}: {why}");
    }

    /// <summary>
    /// Removes the app's images beyond the newest <see cref="KeepImages"/>, except the current one and the rollback
    /// pick; never another image on the host.
    /// </summary>
    private async Task PruneImagesAsync(string app, BuildLog log, CancellationToken ct)
    {
        var images = await docker.ListImagesAsync(new Dictionary<string, string[]> { ["reference"] = [AppContainerSpec.ImageRepository(app)] }, ct);
        // By the rollback rule rather than by age alone: a newer image of a deploy that failed its health
        // check must not push out the image a rollback would pick.
        var keep = apps.Find(app) is { } record
            ? BuildCachePolicy.Keep(record.CurrentDeployId, deploys.List(app, 200)).ToHashSet(StringComparer.Ordinal)
            : [];
        foreach (var old in images.OrderByDescending(i => i.Created).Skip(KeepImages).Where(i => !(i.RepoTags ?? []).Any(keep.Contains)))
        {
            try
            {
                await docker.RemoveImageAsync(old.Id, force: false, ct);
                log.Line($"       pruned {string.Join(", ", old.RepoTags ?? [old.Id])}");
            }
            catch (DockerApiException e) when (e.StatusCode is System.Net.HttpStatusCode.Conflict or System.Net.HttpStatusCode.NotFound)
            {
                // still used by a container (e.g. one being retired): the next deploy prunes it
            }
        }
    }
}
