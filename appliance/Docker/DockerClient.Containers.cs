using System.Net;
using Hiy.Docker.Models;

namespace Hiy.Docker;

public sealed partial class DockerClient
{
    /// <summary>POST /containers/create; returns the new container's id.</summary>
    public async Task<string> CreateContainerAsync(string? name, ContainerCreateRequest request, CancellationToken ct = default)
    {
        var response = await SendForJsonAsync(
            JsonRequest(HttpMethod.Post, new DockerQuery("/containers/create").Add("name", name).ToString(), request,
                DockerJsonContext.Default.ContainerCreateRequest),
            DockerJsonContext.Default.ContainerCreateResponse, $"container '{name ?? request.Image}': create", ct).ConfigureAwait(false);
        return response.Id;
    }

    /// <summary>POST /containers/{id}/start; starting a running container is not an error.</summary>
    public Task StartContainerAsync(string container, CancellationToken ct = default) =>
        SendExpectingSuccessAsync(Post(container, "start", null), $"container '{container}': start", ct, HttpStatusCode.NotModified);

    /// <summary>
    /// POST /containers/{id}/stop: SIGTERM (or the container's stop signal), then SIGKILL after <paramref name="timeout"/>.
    /// Stopping a stopped container is not an error. The deadline is the grace period plus the usual request timeout.
    /// </summary>
    public Task StopContainerAsync(string container, TimeSpan? timeout = null, CancellationToken ct = default) =>
        SendExpectingSuccessAsync(Post(container, "stop", q => q.Add("t", Seconds(timeout))), $"container '{container}': stop", ct,
            HttpStatusCode.NotModified, StopDeadline(timeout));

    /// <summary>POST /containers/{id}/update: new memory/CPU limits on a (running) container, applied by the kernel at once.</summary>
    public async Task<string[]> UpdateContainerAsync(string container, ContainerUpdateRequest update, CancellationToken ct = default)
    {
        var response = await SendForJsonAsync(
            JsonRequest(HttpMethod.Post, new DockerQuery($"/containers/{DockerQuery.Segment(container)}/update").ToString(), update,
                DockerJsonContext.Default.ContainerUpdateRequest),
            DockerJsonContext.Default.ContainerUpdateResponse, $"container '{container}': update", ct).ConfigureAwait(false);
        return response.Warnings ?? [];
    }

    /// <summary>POST /containers/{id}/restart; its deadline is a stop's.</summary>
    public Task RestartContainerAsync(string container, TimeSpan? timeout = null, CancellationToken ct = default) =>
        SendExpectingSuccessAsync(Post(container, "restart", q => q.Add("t", Seconds(timeout))), $"container '{container}': restart", ct,
            timeout: StopDeadline(timeout));

    /// <summary>POST /containers/{id}/kill with <paramref name="signal"/> (SIGKILL by default); 409 when it is not running.</summary>
    public Task KillContainerAsync(string container, string? signal = null, CancellationToken ct = default) =>
        SendExpectingSuccessAsync(Post(container, "kill", q => q.Add("signal", signal)), $"container '{container}': kill", ct);

    /// <summary>
    /// POST /containers/{id}/wait: blocks until the container stops and returns its exit code. A long poll, so no
    /// deadline: only <paramref name="ct"/> ends the wait early.
    /// </summary>
    public async Task<long> WaitContainerAsync(string container, CancellationToken ct = default)
    {
        var subject = $"container '{container}': wait";
        var response = await SendForJsonAsync(Post(container, "wait", null), DockerJsonContext.Default.ContainerWaitResponse, subject, ct,
            NoDeadline).ConfigureAwait(false);
        if (response.Error?.Message is { Length: > 0 } error)
            throw new DockerApiException($"{subject}: {error}") { DockerMessage = error };
        return response.StatusCode;
    }

    /// <summary>
    /// DELETE /containers/{id}; <paramref name="force"/> kills it first, <paramref name="removeVolumes"/> drops anonymous
    /// volumes. Deleting the writable layer is file-by-file work on an SD card, so this has the slow deadline.
    /// </summary>
    public Task RemoveContainerAsync(string container, bool force = false, bool removeVolumes = false, CancellationToken ct = default) =>
        SendExpectingSuccessAsync(new HttpRequestMessage(HttpMethod.Delete,
                new DockerQuery($"/containers/{DockerQuery.Segment(container)}").Add("force", force).Add("v", removeVolumes).ToString()),
            $"container '{container}': remove", ct, timeout: _options.SlowRequestTimeout);

    /// <summary>GET /containers/{id}/json; a missing container throws with status 404.</summary>
    public Task<ContainerInspect> InspectContainerAsync(string container, CancellationToken ct = default) =>
        GetJsonAsync(new DockerQuery($"/containers/{DockerQuery.Segment(container)}/json").ToString(),
            DockerJsonContext.Default.ContainerInspect, $"container '{container}'", ct);

    /// <summary>GET /containers/json: running containers, or all with <paramref name="all"/>, optionally filtered.</summary>
    public Task<ContainerSummary[]> ListContainersAsync(bool all = false, IReadOnlyDictionary<string, string[]>? filters = null,
        CancellationToken ct = default) =>
        GetJsonAsync(new DockerQuery("/containers/json").Add("all", all ? true : null).AddFilters(filters).ToString(),
            DockerJsonContext.Default.ContainerSummaryArray, "list containers", ct);

    private static HttpRequestMessage Post(string container, string action, Func<DockerQuery, DockerQuery>? query)
    {
        var q = new DockerQuery($"/containers/{DockerQuery.Segment(container)}/{action}");
        return new HttpRequestMessage(HttpMethod.Post, (query?.Invoke(q) ?? q).ToString());
    }

    private TimeSpan StopDeadline(TimeSpan? grace) => (grace ?? _options.DefaultStopGrace) + _options.RequestTimeout;

    private static long? Seconds(TimeSpan? t) => t is { } v ? (long)Math.Ceiling(v.TotalSeconds) : null;
}
