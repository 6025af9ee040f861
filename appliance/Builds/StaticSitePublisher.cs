using System.Globalization;
using Hiy.Core;
using Hiy.Docker;
using Hiy.Docker.Models;
using Hiy.Runtime;
using Hiy.Store;

namespace Hiy.Builds;

/// <summary>
/// Build strategy (c): turns a static-site repository into a new version of the app's own static site,
/// stored and checked exactly like an upload to the sites API (<see cref="SiteArchive"/>: files and
/// folders only, nothing outside the version's folder, the folder appears whole or not at all).
/// Without a build command the site folder is taken from the checkout; with one, the repository is built
/// in a throwaway image from the node base image and the output copied out of a created (never started)
/// container, which is removed with its image afterwards.
/// </summary>
public sealed class StaticSitePublisher(DockerClient docker, SiteRepository sites, RuntimeService runtime, HiyPaths paths, BaseImages baseImages)
{
    /// <summary>Versions of an app's site kept after a deploy: the live one and two to roll back to.</summary>
    public const int KeepVersions = 3;

    /// <summary>Labels the throwaway builder image (never hiy.app: its container must not look like the app's).</summary>
    public const string LabelBuilder = "hiy.builder";

    /// <summary>A deploy's site version is named after the deploy, so a rollback names what it re-activates.</summary>
    public static string VersionOf(long deployId) => "d" + deployId.ToString(CultureInfo.InvariantCulture);

    public async Task<string> PublishAsync(AppRecord app, long deployId, string workDir, StaticStrategy strategy, IRepoFiles files,
        RepoSettings settings, BuildLog log, CancellationToken ct)
    {
        var version = VersionOf(deployId);
        var target = paths.SiteVersionDir(app.Name, version);
        (int Files, long Bytes) stored;
        try
        {
            stored = strategy.BuildCommand is null
                ? await FromCheckoutAsync(app.Name, workDir, strategy.SiteDir, target, log, ct)
                : await BuildAsync(app.Name, deployId, workDir, strategy, files, settings, target, log, ct);
        }
        catch (SiteArchiveException e)
        {
            throw new BuildException(app.Name, $"static site '{strategy.SiteDir}': {e.Message}");
        }
        sites.AddVersion(app.Name, version, stored.Files, stored.Bytes);
        log.Step($"Published version {version} of static site {app.Name} ({stored.Files} files, {stored.Bytes / 1024.0:0.#} KB)");
        return version;
    }

    /// <summary>Throws unless the app's site still has <paramref name="version"/> (a rollback target may have been pruned).</summary>
    public void EnsureVersion(string app, string version)
    {
        if (sites.Find(app)?.Versions.Any(v => v.Version == version) != true)
            throw new BuildException(app, $"static site version {version} is gone (only the last {KeepVersions} are kept); deploy its sha instead");
    }

    /// <summary>Deletes the app's site versions beyond <see cref="KeepVersions"/>: the record and route first, then the files.</summary>
    public void PruneVersions(string app, BuildLog log)
    {
        if (sites.Find(app) is not { } site)
            return;
        var expired = SiteVersionRetention.Expired(site.Versions, site.ActiveVersion, KeepVersions);
        if (expired.Count == 0)
            return;
        foreach (var version in expired)
            sites.DeleteVersion(app, version);
        runtime.RepublishRoutes();
        foreach (var version in expired)
        {
            var dir = paths.SiteVersionDir(app, version);
            try
            {
                if (Directory.Exists(dir))
                    Directory.Delete(dir, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log.Line($"       could not delete {dir}: {e.Message}");
            }
            log.Line($"       pruned site version {version}");
        }
    }

    private static async Task<(int, long)> FromCheckoutAsync(string app, string workDir, string siteDir, string target, BuildLog log, CancellationToken ct)
    {
        log.Step($"Static site in {(siteDir == "." ? "the repository root" : siteDir + "/")}, no build step");
        var root = Path.GetFullPath(workDir);
        var source = HiyPaths.Under(root, siteDir) ?? throw new BuildException(app, $"static_dir '{siteDir}' leaves the repository");
        // A symlinked site folder (or parent) could point anywhere on the host: refuse it like a symlink inside.
        for (var p = source; p.Length > root.Length; p = Path.GetDirectoryName(p)!)
        {
            if (new DirectoryInfo(p).LinkTarget is not null)
                throw new BuildException(app, $"static_dir '{siteDir}' is a symlink; the site must be a real folder of the repository");
        }
        if (!Directory.Exists(source))
            throw new BuildException(app, $"static_dir '{siteDir}' does not exist in the repository");
        // The same tar writer as a build context (.git and .dockerignore'd paths stay out, links stay links),
        // read by the same extractor as an upload.
        await using var tar = BuildContextTar.Open(source, cancellationToken: ct);
        return await SiteArchive.ExtractTarAsync(tar, target, null, ct);
    }

    private async Task<(int, long)> BuildAsync(string app, long deployId, string workDir, StaticStrategy strategy, IRepoFiles files,
        RepoSettings settings, string target, BuildLog log, CancellationToken ct)
    {
        var dockerfile = DockerfileTemplates.StaticBuild(strategy, files, settings.BuildArgs, baseImages);
        log.Step($"Building the static site with `{strategy.BuildCommand}` in a throwaway container; generated Dockerfile:");
        foreach (var line in dockerfile.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            log.Line("       " + line);
        var id = deployId.ToString(CultureInfo.InvariantCulture);
        var image = $"hiy-build/{app}:{VersionOf(deployId)}";
        var labels = new Dictionary<string, string> { [LabelBuilder] = app, [AppContainerSpec.LabelDeploy] = id };
        string? container = null;
        try
        {
            await using (var context = BuildContextTar.Open(workDir, StrategyDetector.DefaultDockerfile, dockerfile, ct))
            {
                await docker.BuildImageAsync(context, new ImageBuildOptions
                {
                    Tags = [image],
                    Dockerfile = StrategyDetector.DefaultDockerfile,
                    BuildArgs = settings.BuildArgs,
                    Labels = labels,
                }, line => log.Line("       " + line), ct);
            }
            container = await docker.CreateContainerAsync(null, new ContainerCreateRequest { Image = image, Labels = labels }, ct);
            var path = strategy.SiteDir == "." ? "/app" : "/app/" + strategy.SiteDir;
            log.Step($"Copying {path} out of the build container");
            try
            {
                return await docker.CopyFromContainerAsync(container, path,
                    (tar, c) => SiteArchive.ExtractTarAsync(tar, target, Path.GetFileName(path), c), ct);
            }
            catch (DockerApiException e) when (e.IsNotFound)
            {
                throw new BuildException(app, $"`{strategy.BuildCommand}` did not produce {strategy.SiteDir}/ (set static_dir to where the site lands)");
            }
        }
        finally
        {
            // Never leave the builder behind, whatever happened; its removal must not mask the real error.
            try
            {
                if (container is not null)
                    await docker.RemoveContainerAsync(container, force: true, ct: CancellationToken.None);
                if (await docker.ImageExistsAsync(image, CancellationToken.None))
                    await docker.RemoveImageAsync(image, force: true, CancellationToken.None);
            }
            catch (DockerApiException e)
            {
                log.Line($"       could not remove the builder: {e.Message}");
            }
        }
    }
}
