using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Hiy.Tests.Web;

namespace Hiy.Tests.Stacks;

/// <summary>The hiy executable serving on a free 127.0.0.1 port against the test dockerd, set up for <c>example.com</c>, with a token.</summary>
internal sealed class StackHiy : IAsyncDisposable
{
    private readonly string _dir;

    private StackHiy(HiyProcess process, int port, string dir)
    {
        Process = process;
        Port = port;
        _dir = dir;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(4) };
    }

    public HiyProcess Process { get; }
    public int Port { get; }
    public HttpClient Client { get; }

    public static async Task<StackHiy> StartAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), "hiy-stacks-" + Guid.NewGuid().ToString("N")[..8]);
        var port = HiyProcess.FreePort();
        var process = HiyProcess.Start(["serve", "--data-dir", dir, "--http-port", port.ToString(CultureInfo.InvariantCulture),
            "--https-port", "0", "--bind", "127.0.0.1", "--docker-host", TestEnv.DockerHost]);
        var hiy = new StackHiy(process, port, dir);
        for (var i = 0; ; i++)
        {
            Assert.False(process.HasExited, $"hiy exited: {process.StdErr}");
            try
            {
                if ((await hiy.Client.GetAsync("/health")).StatusCode == HttpStatusCode.OK)
                    break;
            }
            catch (HttpRequestException) when (i < 600)
            {
            }
            await Task.Delay(100);
        }
        var setup = await hiy.Client.PostAsync("/api/v1/setup", ApiHost.Json(
            $$"""{"admin_password":"correct horse battery","domain":"example.com","setup_code":"{{HiyProcess.DefaultSetupCode}}"}"""));
        var body = await setup.Content.ReadAsStringAsync();
        Assert.True(setup.IsSuccessStatusCode, body);
        hiy.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            JsonDocument.Parse(body).RootElement.GetProperty("token").GetString());
        return hiy;
    }

    /// <summary>Sends and asserts the status, returning the JSON body.</summary>
    public async Task<JsonElement> SendAsync(HttpMethod method, string path, string? json, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = json is null ? null : ApiHost.Json(json) };
        using var response = await Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}: {body}\n{Process.StdOut}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Creates and publishes a template, returning its id.</summary>
    public async Task<string> PublishedTemplateAsync(string name, string compose, string configFiles = "[]")
    {
        var created = await SendAsync(HttpMethod.Post, "/api/v1/templates", JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["name"] = name, ["version"] = "1.0.0", ["creator_id"] = "tests", ["compose_spec"] = compose,
            ["config_files"] = JsonDocument.Parse(configFiles).RootElement,
        }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        await SendAsync(HttpMethod.Post, $"/api/v1/templates/{id}/publish", null, HttpStatusCode.OK);
        return id;
    }

    /// <summary>GET through the proxy with <c>Host: &lt;host&gt;</c>.</summary>
    public async Task<(HttpStatusCode Status, string Body)> ViaProxyAsync(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = host;
        using var response = await Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Process.DisposeAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
