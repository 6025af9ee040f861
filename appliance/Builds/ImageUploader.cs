using System.Globalization;
using Hiy.Core;
using Hiy.Docker;
using Hiy.Runtime;
using Microsoft.Extensions.Logging;

namespace Hiy.Builds;

/// <summary>
/// Takes a <c>docker save</c> tar for an app (an image built off the Pi): spooled to the data disk, its tags checked
/// (all inside the app's own repository, or none), loaded, and tagged <c>hiy/&lt;app&gt;:upload-&lt;time&gt;</c> so pruning
/// and rollback treat it like a built image. Nothing reaches the engine before the check passes, so a tar naming
/// another app's image or a base image changes no tag.
/// </summary>
public sealed class ImageUploader(DockerClient docker, HiyPaths paths, TimeProvider time, ILogger<ImageUploader> log)
{
    /// <summary>The image reference to deploy, or why the upload was refused.</summary>
    public async Task<AppResult<string>> LoadAsync(string app, Stream body, CancellationToken ct)
    {
        Directory.CreateDirectory(paths.Tmp);
        var spool = Path.Combine(paths.Tmp, $"upload-{HiyPaths.Segment(app)}-{Guid.NewGuid():N}.tar");
        try
        {
            await using (var file = new FileStream(spool, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                try
                {
                    await body.CopyToAsync(file, ct);
                }
                catch (IOException e) when (DiskErrors.IsDiskFull(e))
                {
                    return new AppError(AppErrorKind.NoSpace, "Disk full", $"app '{app}': the data disk has no room for the uploaded image; free space (prune old images) and try again");
                }
            }
            var own = AppContainerSpec.ImageRepository(app);
            ImageTar tar;
            try
            {
                await using var read = File.OpenRead(spool);
                tar = ImageTar.Read(read);
            }
            catch (Exception e) when (e is InvalidDataException or FormatException or System.Text.Json.JsonException or EndOfStreamException)
            {
                return Refused(app, new AppError(AppErrorKind.Invalid, "Not an image", $"app '{app}': the body is not a `docker save` tar ({e.Message})", "body"));
            }
            if (!tar.IsImageArchive)
                return Refused(app, new AppError(AppErrorKind.Invalid, "Not an image", $"app '{app}': the tar has no manifest.json or index.json: send the output of `docker save`", "body"));
            if (tar.ForeignTags(own) is { Count: > 0 } foreign)
                return Refused(app, new AppError(AppErrorKind.Invalid, "Foreign image tag",
                    $"app '{app}': the tar is tagged {string.Join(", ", foreign)}, outside this app's repository {own}; tag it into the app's repository " +
                    $"(`docker tag {foreign[0]} {own}:1 && docker save {own}:1`) or save it by id", "body"));
            IReadOnlyList<string> loaded;
            try
            {
                await using var read = File.OpenRead(spool);
                loaded = ImageLoadOutput.Images(await docker.LoadImageAsync(read, ct));
            }
            catch (DockerApiException e) when (e.StatusCode is null or >= System.Net.HttpStatusCode.InternalServerError && e.DockerMessage is null)
            {
                return new AppError(AppErrorKind.Unavailable, "Docker unavailable", $"app '{app}': image load: {e.Message}");
            }
            catch (DockerApiException e)
            {
                return Refused(app, new AppError(AppErrorKind.Invalid, "Not an image", $"app '{app}': docker refused the tar: {e.DockerMessage ?? e.Message}", "body"));
            }
            if (loaded.Count == 0)
                return Refused(app, new AppError(AppErrorKind.Invalid, "No image", $"app '{app}': docker loaded no image from the tar", "body"));
            var tag = "upload-" + time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            try
            {
                await docker.TagImageAsync(loaded[0], own, tag, ct);
            }
            catch (DockerApiException e)
            {
                return new AppError(AppErrorKind.Unavailable, "Docker unavailable", $"app '{app}': tagging the uploaded image {loaded[0]}: {e.Message}");
            }
            return $"{own}:{tag}";
        }
        finally
        {
            File.Delete(spool);
        }
    }

    private AppError Refused(string app, AppError error)
    {
        BuildsLog.UploadRefused(log, app, error.Detail);
        return error;
    }

    // ENOSPC (28) and EDQUOT (122) surface as IOException with the errno in HResult's low bits.
}
