
namespace Hiy.Runtime;

/// <summary>
/// Waits until a freshly started container is fit for traffic: its image's own HEALTHCHECK reports
/// healthy, or else GET <c>health_path</c> on its 127.0.0.1 port answers 2xx/3xx. A container that
/// exits meanwhile fails the check at once with its exit code. A check that fails says which port it tried and,
/// when the container's sockets can be read (<see cref="ListeningSockets"/>), what the app listens on instead.
/// </summary>
public sealed class HealthCheck(IContainerEngine docker, TimeProvider time, HttpMessageHandler? handler = null, string procRoot = "/proc")
{
    private readonly HttpClient _http = new(handler ?? new SocketsHttpHandler
    {
        ConnectTimeout = TimeSpan.FromSeconds(2),
        PooledConnectionLifetime = TimeSpan.Zero,
        AllowAutoRedirect = false,
        UseProxy = false,
    }) { Timeout = TimeSpan.FromSeconds(5) };

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <summary>When a port mismatch is already visible, the log says so this early instead of only at the timeout.</summary>
    private static readonly TimeSpan EarlyHint = TimeSpan.FromSeconds(5);

    /// <param name="containerPort">The app's port inside the container, which it gets as <c>$PORT</c>.</param>
    public async Task WaitAsync(RunningContainer container, int containerPort, string healthPath, TimeSpan timeout, Action<string> log, CancellationToken ct)
    {
        var inspect = await docker.InspectContainerAsync(container.Id, ct);
        var useDockerHealth = inspect.Config?.Healthcheck?.Test is { Length: > 0 } test && test[0] != "NONE";
        log(useDockerHealth
            ? $"       waiting for the image's HEALTHCHECK to report healthy (up to {timeout.TotalSeconds:0} s)"
            : $"       GET {healthPath} on 127.0.0.1:{container.HostPort} (container port {containerPort}, $PORT) until 2xx/3xx (up to {timeout.TotalSeconds:0} s)");
        var started = time.GetTimestamp();
        string last = "no answer yet";
        var hinted = false;
        while (time.GetElapsedTime(started) < timeout)
        {
            ct.ThrowIfCancellationRequested();
            var current = await docker.InspectContainerAsync(container.Id, ct);
            var state = current.State;
            if (state is { Running: false } || state?.Restarting == true)
                throw new RuntimeException($"app '{container.App}': the new container exited with code {state.ExitCode}"
                    + (state.OOMKilled ? " (OOM-killed: raise memory_mb)" : "") + " during its health check");
            if (useDockerHealth)
            {
                if (state?.Health?.Status == "healthy")
                    return;
                last = $"HEALTHCHECK status {state?.Health?.Status ?? "unknown"}";
            }
            else
            {
                try
                {
                    using var response = await _http.GetAsync($"http://127.0.0.1:{container.HostPort}{healthPath}", ct);
                    var code = (int)response.StatusCode;
                    if (code is >= 200 and < 400)
                    {
                        log($"       healthy after {time.GetElapsedTime(started).TotalSeconds:0.0} s (HTTP {code})");
                        return;
                    }
                    last = $"HTTP {code}";
                }
                catch (HttpRequestException e)
                {
                    // The socket's reason ("Connection refused") says more than HttpClient's wrapper.
                    last = (e.InnerException?.Message ?? e.Message).TrimEnd('.');
                }
                catch (TaskCanceledException) when (!ct.IsCancellationRequested)
                {
                    last = "no answer within 5 s";
                }
                if (!hinted && time.GetElapsedTime(started) >= EarlyHint && state?.Pid is > 0 and var pid
                    && ListeningSockets.Read(pid, procRoot) is { } early && !early.Any(l => l.Port == containerPort && !l.LoopbackOnly))
                {
                    hinted = true;
                    log($"       still no answer: {PortHint(containerPort, early)}");
                }
            }
            await Task.Delay(Interval, time, ct);
        }
        var listening = (await docker.InspectContainerAsync(container.Id, ct)).State?.Pid is > 0 and var p ? ListeningSockets.Read(p, procRoot) : null;
        var tried = useDockerHealth ? "the image's HEALTHCHECK" : $"GET {healthPath} on container port {containerPort}";
        throw new RuntimeException($"app '{container.App}': health check failed after {timeout.TotalSeconds:0} s ({tried}): {last}; {PortHint(containerPort, listening)}");
    }

    /// <summary>
    /// Pure: what the container's listening sockets say about a failed check on <paramref name="port"/> ($PORT);
    /// <paramref name="listening"/> null when they could not be seen.
    /// </summary>
    public static string PortHint(int port, IReadOnlyList<ListeningSocket>? listening)
    {
        if (listening is null)
            return $"hiy checks $PORT={port} (what the app listens on could not be seen)";
        if (listening.Count == 0)
            return $"nothing in the container listens on a TCP port, but hiy checks $PORT={port}: listen on $PORT";
        if (listening.FirstOrDefault(l => l.Port == port) is { } own)
        {
            return own.LoopbackOnly
                ? $"the app listens on 127.0.0.1:{port} only, which hiy cannot reach from outside the container: listen on 0.0.0.0:$PORT"
                : $"the app listens on {port} ($PORT) but did not answer the check in time";
        }
        var ports = string.Join(", ", listening.Select(l => l.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return $"the app listens on {ports}, but hiy checks $PORT={port}: listen on $PORT (or set the app's port to {listening[0].Port})";
    }
}
