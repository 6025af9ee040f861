using System.Net;
using System.Net.Http.Headers;
using Hiy.Docker.Models;
using Hiy.Docker.Streams;

namespace Hiy.Docker;

public sealed partial class DockerClient
{
    private static readonly MediaTypeHeaderValue TarType = new("application/x-tar");

    /// <summary>
    /// POST /build from a tar of the build context. Each line of output (<c>Step 1/3 : FROM …</c>, RUN output,
    /// progress) goes to <paramref name="onLine"/> as it arrives. Returns the image id; a failing step throws a
    /// <see cref="DockerApiException"/> whose <see cref="DockerApiException.BuildStep"/> names it.
    /// <paramref name="tarContext"/> is read to its end and left open. No deadline and no idle limit: a RUN step may
    /// compile for many quiet minutes on a Pi, so only <paramref name="ct"/> (the build queue's own limit) ends it.
    /// </summary>
    public async Task<string> BuildImageAsync(Stream tarContext, ImageBuildOptions options, Action<string>? onLine = null,
        CancellationToken ct = default)
    {
        var subject = "docker build" + (options.Tags.Count > 0 ? $" '{options.Tags[0]}'" : "");
        // version=1 asks for the classic builder outright: newer engines advertise BuildKit (Builder-Version: 2 on
        // /_ping), whose output is a different stream, while /build without the parameter still means classic.
        var query = new DockerQuery("/build")
            .Add("version", "1")
            .Add("dockerfile", options.Dockerfile)
            .Add("rm", options.Remove)
            .Add("forcerm", options.ForceRemove)
            .Add("nocache", options.NoCache ? true : null)
            .Add("memory", options.Memory);
        foreach (var tag in options.Tags)
            query.Add("t", tag);
        if (options.BuildArgs is { Count: > 0 } args)
            query.Add("buildargs", DockerJson.Map(args));
        if (options.Labels is { Count: > 0 } labels)
            query.Add("labels", DockerJson.Map(labels));

        var content = new StreamContent(tarContext);
        content.Headers.ContentType = TarType;
        // The request is not disposed: that would dispose the caller's stream along with the content.
        var request = new HttpRequestMessage(HttpMethod.Post, query.ToString()) { Content = content };
        using var response = await OpenStreamAsync(request, subject, ct).ConfigureAwait(false);
        await using var stream = await ReadBodyAsync(response, subject, null, ct).ConfigureAwait(false);
        var output = new BuildOutput(subject, onLine);
        await foreach (var message in DockerStreamReader.ReadJsonLinesAsync(stream, DockerJsonContext.Default.JsonMessage, subject, ct)
                           .ConfigureAwait(false))
            output.Handle(message);
        return output.Complete();
    }

    /// <summary>GET /images/json, optionally filtered (<see cref="DockerFilters.Label"/>).</summary>
    public Task<ImageSummary[]> ListImagesAsync(IReadOnlyDictionary<string, string[]>? filters = null, CancellationToken ct = default) =>
        GetJsonAsync(new DockerQuery("/images/json").AddFilters(filters).ToString(),
            DockerJsonContext.Default.ImageSummaryArray, "list images", ct);

    /// <summary>GET /images/{name}/json; a missing image throws with status 404.</summary>
    public Task<ImageInspect> InspectImageAsync(string image, CancellationToken ct = default) =>
        GetJsonAsync(new DockerQuery($"/images/{DockerQuery.Segment(image)}/json").ToString(),
            DockerJsonContext.Default.ImageInspect, $"image '{image}'", ct);

    /// <summary>POST /images/{name}/tag: gives <paramref name="image"/> the name <paramref name="repo"/>:<paramref name="tag"/>.</summary>
    public Task TagImageAsync(string image, string repo, string tag = "latest", CancellationToken ct = default) =>
        SendExpectingSuccessAsync(new HttpRequestMessage(HttpMethod.Post,
                new DockerQuery($"/images/{DockerQuery.Segment(image)}/tag").Add("repo", repo).Add("tag", tag).ToString()),
            $"image '{image}': tag {repo}:{tag}", ct);

    /// <summary>DELETE /images/{name}: untags it, and deletes it when no tag is left (layer deletion: the slow deadline).</summary>
    public Task<ImageDeleteItem[]> RemoveImageAsync(string image, bool force = false, CancellationToken ct = default) =>
        SendForJsonAsync(new HttpRequestMessage(HttpMethod.Delete,
                new DockerQuery($"/images/{DockerQuery.Segment(image)}").Add("force", force ? true : null).ToString()),
            DockerJsonContext.Default.ImageDeleteItemArray, $"image '{image}': remove", ct, _options.SlowRequestTimeout);

    /// <summary>
    /// POST /images/prune. Docker prunes only dangling images unless <c>dangling=false</c> is in the filters,
    /// so <paramref name="danglingOnly"/>=false removes every unused image matching <paramref name="filters"/>.
    /// Deletes layers, so it has the slow deadline.
    /// </summary>
    public Task<ImagePruneResponse> PruneImagesAsync(IReadOnlyDictionary<string, string[]>? filters = null, bool danglingOnly = true,
        CancellationToken ct = default)
    {
        var all = new Dictionary<string, string[]>(filters ?? new Dictionary<string, string[]>(), StringComparer.Ordinal)
        {
            ["dangling"] = [danglingOnly ? "true" : "false"],
        };
        return SendForJsonAsync(new HttpRequestMessage(HttpMethod.Post, new DockerQuery("/images/prune").AddFilters(all).ToString()),
            DockerJsonContext.Default.ImagePruneResponse, "prune images", ct, _options.SlowRequestTimeout);
    }

    /// <summary>
    /// GET /images/{name}/get: writes the image as a <c>docker save</c> tar into <paramref name="destination"/>. The tar
    /// flows while Docker exports it, so a silence longer than <see cref="DockerClientOptions.StreamIdleTimeout"/> ends it.
    /// </summary>
    public async Task SaveImageAsync(string image, Stream destination, CancellationToken ct = default)
    {
        var subject = $"image '{image}': save";
        using var request = new HttpRequestMessage(HttpMethod.Get, new DockerQuery($"/images/{DockerQuery.Segment(image)}/get").ToString());
        var idle = _options.StreamIdleTimeout;
        using var response = await OpenStreamAsync(request, subject, ct, idle).ConfigureAwait(false);
        await using var source = await ReadBodyAsync(response, subject, idle, ct).ConfigureAwait(false);
        var buffer = new byte[81920];
        int n;
        while ((n = await DockerStreamReader.ReadAsync(source, buffer, subject, ct).ConfigureAwait(false)) > 0)
            await destination.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// POST /images/load from a <c>docker save</c> tar (read to its end, left open); returns Docker's "Loaded image: …"
    /// lines. Docker answers only once the whole image is in, so there is no deadline and no idle limit, only <paramref name="ct"/>.
    /// </summary>
    public async Task<IReadOnlyList<string>> LoadImageAsync(Stream tar, CancellationToken ct = default)
    {
        const string subject = "load image";
        var content = new StreamContent(tar);
        content.Headers.ContentType = TarType;
        // Not disposed, so the caller's stream stays the caller's.
        var request = new HttpRequestMessage(HttpMethod.Post, new DockerQuery("/images/load").Add("quiet", true).ToString())
        {
            Content = content,
        };
        using var response = await OpenStreamAsync(request, subject, ct).ConfigureAwait(false);
        await using var stream = await ReadBodyAsync(response, subject, null, ct).ConfigureAwait(false);
        var lines = new List<string>();
        await foreach (var m in DockerStreamReader.ReadJsonLinesAsync(stream, DockerJsonContext.Default.JsonMessage, subject, ct)
                           .ConfigureAwait(false))
        {
            if (m.ErrorDetail is not null || m.Error is not null)
            {
                var error = m.ErrorDetail?.Message ?? m.Error!;
                throw new DockerApiException($"{subject}: {error}") { DockerMessage = error };
            }
            if (m.Stream is { } text && text.Trim() is { Length: > 0 } line)
                lines.Add(line);
        }
        return lines;
    }

    /// <summary>True when the image exists locally.</summary>
    public async Task<bool> ImageExistsAsync(string image, CancellationToken ct = default)
    {
        try
        {
            await InspectImageAsync(image, ct).ConfigureAwait(false);
            return true;
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
