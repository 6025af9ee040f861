using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Hiy.Tests.Web;

namespace Hiy.Tests.Builds;

/// <summary>A whole appliance in-process against the test dockerd, set up, with helpers to reach apps through its proxy.</summary>
public sealed class HiyUnderTest : IAsyncDisposable
{
    public const string Domain = "hiy.test";

    private HiyUnderTest(ApiHost host, string token)
    {
        Host = host;
        Token = token;
    }

    public ApiHost Host { get; }
    public string Token { get; }
    public HttpClient Api => Host.Client;

    public static async Task<HiyUnderTest> StartAsync(string? dataDir = null, Func<Hiy.Config.HiyConfig, Hiy.Config.HiyConfig>? configure = null)
    {
        var host = await ApiHost.StartAsync(dataDir, docker: TestEnv.DockerHost, configure: configure);
        string token;
        if (JsonDocument.Parse(await host.Client.GetStringAsync("/api/v1/setup")).RootElement.GetProperty("completed").GetBoolean())
        {
            var r = await host.Client.PostAsync("/api/v1/auth/token", ApiHost.Json("""{"password":"correct horse battery"}"""));
            token = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
            host.Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        else
        {
            token = await host.SetupAsync(domain: Domain);
        }
        return new HiyUnderTest(host, token);
    }

    public static string UniqueApp(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";

    public async Task CreateAppAsync(string name, string extraJson = "")
    {
        var r = await Api.PostAsync("/api/v1/apps", ApiHost.Json($$"""{"name":"{{name}}","port":8080,"memory_mb":64,"cpus":0.5{{extraJson}}}"""));
        Assert.True(r.StatusCode == HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
    }

    /// <summary>GET through hiy's proxy with the app's Host header.</summary>
    public async Task<(HttpStatusCode Status, string Body)> GetAppAsync(HttpClient client, string app, string path = "/")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Host.BaseAddress, path));
        request.Headers.Host = $"{app}.{Domain}";
        using var response = await client.SendAsync(request);
        return (response.StatusCode, (await response.Content.ReadAsStringAsync()).Trim());
    }

    public async Task<JsonElement> AppAsync(string app) =>
        JsonDocument.Parse(await Api.GetStringAsync($"/api/v1/apps/{app}")).RootElement;

    public async Task<JsonElement> DeploysAsync(string app) =>
        JsonDocument.Parse(await Api.GetStringAsync($"/api/v1/apps/{app}/deploys")).RootElement.GetProperty("deploys");

    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            if (await condition())
                return;
            await Task.Delay(200);
        }
        Assert.Fail($"timed out after {timeout.TotalSeconds:0} s waiting for {what}");
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
