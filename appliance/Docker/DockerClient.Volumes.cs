using Hiy.Docker.Models;

namespace Hiy.Docker;

public sealed partial class DockerClient
{
    /// <summary>POST /volumes/create. Creating a volume that exists returns it unchanged (Docker's behaviour).</summary>
    public Task<Volume> CreateVolumeAsync(VolumeCreateRequest request, CancellationToken ct = default) =>
        SendForJsonAsync(
            JsonRequest(HttpMethod.Post, new DockerQuery("/volumes/create").ToString(), request, DockerJsonContext.Default.VolumeCreateRequest),
            DockerJsonContext.Default.Volume, $"volume '{request.Name}': create", ct);

    /// <summary>GET /volumes, optionally filtered (<c>name</c>, <c>label</c>, <c>dangling</c>).</summary>
    public async Task<Volume[]> ListVolumesAsync(IReadOnlyDictionary<string, string[]>? filters = null, CancellationToken ct = default)
    {
        var response = await GetJsonAsync(new DockerQuery("/volumes").AddFilters(filters).ToString(),
            DockerJsonContext.Default.VolumeListResponse, "list volumes", ct).ConfigureAwait(false);
        return response.Volumes ?? [];
    }

    /// <summary>GET /volumes/{name}; a missing volume throws with status 404.</summary>
    public Task<Volume> InspectVolumeAsync(string volume, CancellationToken ct = default) =>
        GetJsonAsync(new DockerQuery($"/volumes/{DockerQuery.Segment(volume)}").ToString(), DockerJsonContext.Default.Volume,
            $"volume '{volume}'", ct);

    /// <summary>DELETE /volumes/{name}; a volume in use answers 409. Deleting its data may take a while: the slow deadline.</summary>
    public Task RemoveVolumeAsync(string volume, bool force = false, CancellationToken ct = default) =>
        SendExpectingSuccessAsync(new HttpRequestMessage(HttpMethod.Delete,
                new DockerQuery($"/volumes/{DockerQuery.Segment(volume)}").Add("force", force ? true : null).ToString()),
            $"volume '{volume}': remove", ct, timeout: _options.SlowRequestTimeout);
}
