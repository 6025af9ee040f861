using System.Net;
using System.Text.Json;
using Hiy.Tests.Web;

namespace Hiy.Tests.Web;

/// <summary>Deleting an app takes its custom domains with it (needs the real dockerd: the delete removes the app's containers first).</summary>
public sealed class DomainsAppDeleteTests
{
    [Fact]
    public async Task DeleteApp_WithDomains_DomainsGoAndAreFreeForAnotherApp()
    {
        await using var h = await ApiHost.StartAsync(docker: TestEnv.DockerHost);
        await h.SetupAsync(domain: "hiy.example.com");
        // Unique names: the shared dockerd serves other tests, and the delete looks containers up by app label.
        var app = "dom" + Guid.NewGuid().ToString("N")[..8];
        var other = app + "b";
        foreach (var name in new[] { app, other })
            Assert.Equal(HttpStatusCode.Created, (await h.Client.PostAsync("/api/v1/apps", ApiHost.Json($$"""{"name":"{{name}}"}"""))).StatusCode);
        foreach (var domain in new[] { "www.example.org", "example.org" })
            Assert.Equal(HttpStatusCode.Created,
                (await h.Client.PostAsync($"/api/v1/apps/{app}/domains", ApiHost.Json($$"""{"domain":"{{domain}}"}"""))).StatusCode);
        await ApiHost.ProblemAsync(await h.Client.PostAsync($"/api/v1/apps/{other}/domains", ApiHost.Json("""{"domain":"example.org"}""")), 409);

        var deleted = await h.Client.DeleteAsync($"/api/v1/apps/{app}");
        Assert.True(deleted.StatusCode == HttpStatusCode.NoContent, await deleted.Content.ReadAsStringAsync());

        await ApiHost.ProblemAsync(await h.Client.GetAsync($"/api/v1/apps/{app}/domains"), 404);
        // The name is free again, and the host no longer routes anywhere.
        Assert.Equal(HttpStatusCode.Created,
            (await h.Client.PostAsync($"/api/v1/apps/{other}/domains", ApiHost.Json("""{"domain":"example.org"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await h.Client.PostAsync("/api/v1/apps", ApiHost.Json($$"""{"name":"{{app}}"}"""))).StatusCode);
        var list = JsonDocument.Parse(await h.Client.GetStringAsync($"/api/v1/apps/{app}/domains")).RootElement;
        Assert.Empty(list.GetProperty("domains").EnumerateArray());
        // A freed custom domain routes to no app (that would be the 503 "not deployed" page) and, not being one of the
        // control plane's hosts, not to the API either: the app router's 404.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/apps");
        request.Headers.Host = "www.example.org";
        using var freed = await h.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, freed.StatusCode);
        Assert.Equal("text/html", freed.Content.Headers.ContentType?.MediaType);

        foreach (var name in new[] { app, other })
            Assert.Equal(HttpStatusCode.NoContent, (await h.Client.DeleteAsync($"/api/v1/apps/{name}")).StatusCode);
    }
}
