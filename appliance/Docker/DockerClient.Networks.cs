using Hiy.Docker.Models;

namespace Hiy.Docker;

public sealed partial class DockerClient
{
    /// <summary>POST /networks/create; returns the network id. An existing name answers 409.</summary>
    public async Task<string> CreateNetworkAsync(NetworkCreateRequest request, CancellationToken ct = default)
    {
        var response = await SendForJsonAsync(
            JsonRequest(HttpMethod.Post, new DockerQuery("/networks/create").ToString(), request, DockerJsonContext.Default.NetworkCreateRequest),
            DockerJsonContext.Default.NetworkCreateResponse, $"network '{request.Name}': create", ct).ConfigureAwait(false);
        return response.Id;
    }

    /// <summary>GET /networks, optionally filtered (<c>name</c>, <c>label</c>, …).</summary>
    public Task<NetworkInspect[]> ListNetworksAsync(IReadOnlyDictionary<string, string[]>? filters = null, CancellationToken ct = default) =>
        GetJsonAsync(new DockerQuery("/networks").AddFilters(filters).ToString(), DockerJsonContext.Default.NetworkInspectArray,
            "list networks", ct);

    /// <summary>GET /networks/{id}; a missing network throws with status 404.</summary>
    public Task<NetworkInspect> InspectNetworkAsync(string network, CancellationToken ct = default) =>
        GetJsonAsync(new DockerQuery($"/networks/{DockerQuery.Segment(network)}").ToString(), DockerJsonContext.Default.NetworkInspect,
            $"network '{network}'", ct);

    /// <summary>DELETE /networks/{id}.</summary>
    public Task RemoveNetworkAsync(string network, CancellationToken ct = default) =>
        SendExpectingSuccessAsync(new HttpRequestMessage(HttpMethod.Delete, new DockerQuery($"/networks/{DockerQuery.Segment(network)}").ToString()),
            $"network '{network}': remove", ct);

    /// <summary>POST /networks/{id}/connect: attaches a container, optionally under DNS <paramref name="aliases"/>.</summary>
    public Task ConnectNetworkAsync(string network, string container, string[]? aliases = null, CancellationToken ct = default) =>
        SendExpectingSuccessAsync(JsonRequest(HttpMethod.Post, new DockerQuery($"/networks/{DockerQuery.Segment(network)}/connect").ToString(),
                new NetworkConnectRequest { Container = container, EndpointConfig = aliases is null ? null : new EndpointSettings { Aliases = aliases } },
                DockerJsonContext.Default.NetworkConnectRequest),
            $"network '{network}': connect '{container}'", ct);

    /// <summary>POST /networks/{id}/disconnect.</summary>
    public Task DisconnectNetworkAsync(string network, string container, bool force = false, CancellationToken ct = default) =>
        SendExpectingSuccessAsync(JsonRequest(HttpMethod.Post, new DockerQuery($"/networks/{DockerQuery.Segment(network)}/disconnect").ToString(),
                new NetworkConnectRequest { Container = container, Force = force },
                DockerJsonContext.Default.NetworkConnectRequest),
            $"network '{network}': disconnect '{container}'", ct);
}
