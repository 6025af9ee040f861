using System.Net;
using System.Security.Cryptography;
using System.Text;
using Hiy.Store;
using Hiy.Tests.Docker;
using Microsoft.Extensions.DependencyInjection;
using Hiy.Tests.Web;

namespace Hiy.Tests.Builds;

/// <summary>A signed GitHub push webhook deploys the app from its repo_url through the whole appliance.</summary>
[Collection(DockerCollection.Name)]
public class WebhookDeployTests
{
    private const string Secret = "webhook-secret-0123456789";

    private static HttpRequestMessage Signed(string body, string delivery, string @event = "push", string? secret = Secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/github") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", @event);
        request.Headers.Add("X-GitHub-Delivery", delivery);
        if (secret is not null)
            request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body))));
        return request;
    }

    [Fact]
    public async Task SignedPush_DeploysOnce_IgnoresOthers_RejectsBadSignatures()
    {
        await using var hiy = await HiyUnderTest.StartAsync();
        // The wizard took no webhook secret in HiyUnderTest; set it the way the wizard stores it.
        hiy.Host.Host.Services.GetRequiredService<SettingsRepository>().SetSecret(SettingsRepository.GithubWebhookSecret, Secret);
        using var repo = await AppRepo.CreateAsync();
        await repo.CommitAsync("v1", ("Dockerfile", AppRepo.PageDockerfile("from the webhook")));
        var sha = await repo.HeadAsync();
        var app = HiyUnderTest.UniqueApp("hook");
        var cloneUrl = "file://" + repo.Path;
        await hiy.CreateAppAsync(app, $$""","repo_url":"{{cloneUrl}}" """);
        using var http = new HttpClient();
        try
        {
            var push = "{\"ref\":\"refs/heads/main\",\"after\":\"" + sha + "\",\"deleted\":false,\"repository\":{\"clone_url\":\"" + cloneUrl
                + "\",\"html_url\":\"" + cloneUrl + "\"}}";
            Assert.Equal(HttpStatusCode.Unauthorized, (await hiy.Api.SendAsync(Signed(push, "d-0", secret: "wrong"))).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await hiy.Api.SendAsync(Signed(push, "d-0", secret: null))).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await hiy.Api.SendAsync(Signed(push, "d-1"))).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await hiy.Api.SendAsync(Signed(push, "d-1"))).StatusCode); // redelivery
            Assert.Equal(HttpStatusCode.Accepted, (await hiy.Api.SendAsync(Signed("""{"zen":"hi"}""", "d-2", "ping"))).StatusCode);
            var tag = push.Replace("refs/heads/main", "refs/tags/v1", StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Accepted, (await hiy.Api.SendAsync(Signed(tag, "d-3"))).StatusCode);

            await HiyUnderTest.EventuallyAsync(async () => (await hiy.GetAppAsync(http, app)).Body == "from the webhook",
                TimeSpan.FromSeconds(90), "the webhook deploy to serve");
            var deploys = await hiy.DeploysAsync(app);
            Assert.Equal(1, deploys.GetArrayLength());
            Assert.Equal("webhook", deploys[0].GetProperty("triggered_by").GetString());
            Assert.Equal(sha, deploys[0].GetProperty("sha").GetString());
        }
        finally
        {
            await hiy.Api.DeleteAsync($"/api/v1/apps/{app}");
        }
    }
}
