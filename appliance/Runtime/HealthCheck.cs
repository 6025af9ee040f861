
namespace Hiy.Runtime;

/// <summary>
/// Waits until a freshly started container is fit for traffic: its image's own HEALTHCHECK reports
/// healthy, or else GET <c>health_path</c> on its 127.0.0.1 port answers 2xx/3xx. A container that
/// exits meanwhile fails the check at once with its exit code.
/// </summary>
public sealed class HealthCheck(IContainerEngine docker, TimeProvider time, HttpMessageHandler? handler = null)
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

    public async Task WaitAsync(RunningContainer container, string healthPath, TimeSpan timeout, Action<string> log, CancellationToken ct)
    {
        var inspect = await docker.InspectContainerAsync(container.Id, ct);
        var useDockerHealth = inspect.Config?.Healthcheck?.Test is { Length: > 0 } test && test[0] != "NONE";
        log(useDockerHealth
            ? $"       waiting for the image's HEALTHCHECK to report healthy (up to {timeout.TotalSeconds:0} s)"
            : $"       GET {healthPath} on 127.0.0.1:{container.HostPort} until 2xx/3xx (up to {timeout.TotalSeconds:0} s)");
        var started = time.GetTimestamp();
        string last = "no answer yet";
        while (time.GetElapsedTime(started) < timeout)
        {
            ct.ThrowIfCancellationRequested();
            var state = (await docker.InspectContainerAsync(container.Id, ct)).State;
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
                    last = e.Message;
                }
                catch (TaskCanceledException) when (!ct.IsCancellationRequested)
                {
                    last = "no answer within 5 s";
                }
            }
            await Task.Delay(Interval, time, ct);
        }
        throw new RuntimeException($"app '{container.App}': health check failed after {timeout.TotalSeconds:0} s: {last}");
    }
}
