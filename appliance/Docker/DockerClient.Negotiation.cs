namespace Hiy.Docker;

public sealed partial class DockerClient
{
    /// <summary>Marks a request that must not carry a version prefix (the negotiation itself).</summary>
    private static readonly HttpRequestOptionsKey<bool> Unversioned = new("hiy.docker.unversioned");

    private readonly Lock _versionGate = new();
    private Task<Version>? _apiVersion;

    /// <summary>The API version this client speaks: pinned, or negotiated (null until the first call, and after a connection failure).</summary>
    public Version? ApiVersion => _options.ApiVersion ?? (_apiVersion is { IsCompletedSuccessfully: true } t ? t.Result : null);

    /// <summary>
    /// GET /_ping (unversioned): returns when the engine answers OK, throws a <see cref="DockerApiException"/> otherwise,
    /// also when the engine's API is older than hiy supports. The version the engine names refreshes the negotiated one.
    /// </summary>
    public async Task PingAsync(CancellationToken ct = default)
    {
        var offered = await PingForVersionAsync("ping", ct).ConfigureAwait(false);
        if (_options.ApiVersion is not null || offered is null)
            return;
        var version = DockerApiVersions.Negotiate(offered, Endpoint.Description);
        lock (_versionGate)
            _apiVersion = Task.FromResult(version);
    }

    /// <summary>
    /// The version to prefix: pinned, cached, or negotiated now. Concurrent first calls share one negotiation, which
    /// runs under its own deadline so that one caller's cancel does not fail the others.
    /// </summary>
    internal Task<Version> ApiVersionAsync(CancellationToken ct)
    {
        if (_options.ApiVersion is { } pinned)
            return Task.FromResult(pinned);
        TaskCompletionSource<Version>? start = null;
        Task<Version> pending;
        lock (_versionGate)
        {
            if (_apiVersion is null)
            {
                start = new TaskCompletionSource<Version>(TaskCreationOptions.RunContinuationsAsynchronously);
                _apiVersion = start.Task;
            }
            pending = _apiVersion;
        }
        if (start is not null)
            _ = NegotiateAsync(start);
        return pending.IsCompleted ? pending : pending.WaitAsync(ct);
    }

    /// <summary>Forgets the negotiated version: the next call asks the engine again.</summary>
    internal void ForgetApiVersion()
    {
        if (_options.ApiVersion is not null)
            return;
        lock (_versionGate)
        {
            if (_apiVersion is { IsCompleted: true })
                _apiVersion = null;
        }
    }

    private async Task NegotiateAsync(TaskCompletionSource<Version> result)
    {
        try
        {
            // /_ping names the engine's newest version in a header; an engine (or proxy) that leaves it out is asked /version.
            var offered = await PingForVersionAsync("docker API version", CancellationToken.None).ConfigureAwait(false);
            if (offered is null)
            {
                var request = new HttpRequestMessage(HttpMethod.Get, "/version");
                request.Options.Set(Unversioned, true);
                offered = (await SendForJsonAsync(request, DockerJsonContext.Default.SystemVersion, "docker API version", CancellationToken.None)
                    .ConfigureAwait(false)).ApiVersion;
            }
            result.SetResult(DockerApiVersions.Negotiate(offered, Endpoint.Description));
        }
        catch (Exception e)
        {
            lock (_versionGate)
            {
                if (_apiVersion == result.Task)
                    _apiVersion = null;
            }
            result.SetException(e);
        }
    }

    /// <summary>GET /_ping, unversioned (every engine answers it whatever it speaks); returns its <c>API-Version</c> header.</summary>
    private Task<string?> PingForVersionAsync(string subject, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/_ping");
        request.Options.Set(Unversioned, true);
        return WithDeadlineAsync(request, subject, _options.RequestTimeout, ct, async token =>
        {
            using var _ = request;
            using var response = await SendAsync(request, subject, token).ConfigureAwait(false);
            await EnsureSuccessAsync(response, subject, token).ConfigureAwait(false);
            return response.Headers.TryGetValues("API-Version", out var values) ? values.FirstOrDefault() : null;
        });
    }
}
