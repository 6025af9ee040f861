using Hiy.Builds;
using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Hiy.Store;
using Hiy.Web.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hiy.Tests.Web.Webhooks;

/// <summary>The webhook handler in a real Kestrel on 127.0.0.1, with in-memory fakes of its dependencies.</summary>
public sealed class GithubWebhookEndpointTests : IAsyncLifetime
{
    private const string Secret = "It's a Secret to Everybody";
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private readonly ConcurrentQueue<(string App, string Sha)> _deploys = new();
    private readonly ConcurrentDictionary<string, bool> _deliveries = new();
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        IReadOnlyList<AppRecord> apps =
        [
            new AppRecord { Name = "blog", RepoUrl = "https://github.com/me/blog", Branch = "main" },
        ];
        var endpoint = new GithubWebhookEndpoint(
            () => Secret,
            _ => Task.FromResult(apps),
            (app, gitRef, sha, _) =>
            {
                // What AppService.OnTrigger does: the shared rule over the app's deploys so far, newest first.
                var history = _deploys.Reverse().Select((d, i) => new DeployRecord
                {
                    Id = 41L + _deploys.Count - i, App = d.App, Status = DeployStatus.Succeeded, TriggeredBy = DeployTrigger.Webhook, Sha = d.Sha,
                }).ToList();
                var decision = DeployTriggers.Decide(apps.Single(a => a.Name == app), DeployTrigger.Webhook, gitRef, sha, history);
                if (!decision.Deploy)
                    return Task.FromResult<TriggerOutcome?>(new TriggerOutcome(decision, null));
                _deploys.Enqueue((app, sha));
                var deploy = new DeployRecord { Id = 41L + _deploys.Count, App = app, Status = DeployStatus.Queued, TriggeredBy = DeployTrigger.Webhook, Sha = sha };
                return Task.FromResult<TriggerOutcome?>(new TriggerOutcome(decision, deploy));
            },
            id => _deliveries.TryAdd(id, true),
            NullLogger<GithubWebhookEndpoint>.Instance);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/hooks/github", endpoint.HandleAsync);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private static string PushBody(string gitRef = "refs/heads/main", string after = Sha, bool deleted = false) =>
        $$"""
        {"ref":"{{gitRef}}","before":"1111111111111111111111111111111111111111","after":"{{after}}","deleted":{{(deleted ? "true" : "false")}},
         "repository":{"full_name":"me/blog","clone_url":"https://github.com/me/blog.git","html_url":"https://github.com/Me/Blog","ssh_url":"git@github.com:me/blog.git" },
         "head_commit":{"id":"{{after}}","message":"fix typo"},"pusher":{"name":"me"} }
        """;

    private Task<HttpResponseMessage> PostAsync(string body, string eventType = "push", string? delivery = null, string? signature = "compute")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/github")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-GitHub-Event", eventType);
        request.Headers.Add("X-GitHub-Delivery", delivery ?? Guid.NewGuid().ToString());
        if (signature is not null)
            request.Headers.Add("X-Hub-Signature-256", signature == "compute" ? GithubSignature.Compute(Encoding.UTF8.GetBytes(body), Secret) : signature);
        return _client.SendAsync(request);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    [Fact]
    public async Task Post_SignedPush_OneDeploy202()
    {
        var json = await JsonAsync(await PostAsync(PushBody()), HttpStatusCode.Accepted);
        Assert.Equal("deploy", json.GetProperty("action").GetString());
        Assert.Equal(42, json.GetProperty("deploy_ids")[0].GetInt64());
        Assert.Equal([("blog", Sha)], _deploys.ToArray());
    }

    [Fact]
    public async Task Post_AnotherSignedBodyForTheCommitAlreadyDeployed_IgnoredNamingIt()
    {
        await JsonAsync(await PostAsync(PushBody()), HttpStatusCode.Accepted);
        // Same `after`, a different body (so the body-hash dedupe does not catch it) and a new delivery id.
        var again = await JsonAsync(await PostAsync(PushBody().Replace("fix typo", "fix typo again", StringComparison.Ordinal)), HttpStatusCode.Accepted);
        Assert.Equal("ignored", again.GetProperty("action").GetString());
        Assert.Equal("app 'blog' is already at 0123456789ab (deploy 42); a repeated push event deploys nothing", again.GetProperty("reason").GetString());
        Assert.Equal([("blog", Sha)], _deploys.ToArray());
    }

    [Theory]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("sha256=nothex")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Post_BadOrMissingSignature_401(string? signature)
    {
        var response = await PostAsync(PushBody(), signature: signature);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(_deploys);
    }

    [Theory]
    [InlineData("push", "refs/tags/v1", Sha, false, "tag push (v1)")]
    [InlineData("push", "refs/heads/main", "0000000000000000000000000000000000000000", true, "branch 'main' was deleted")]
    [InlineData("push", "refs/heads/feature", Sha, false, "push to branch 'feature'; blog deploys 'main'")]
    [InlineData("ping", "refs/heads/main", Sha, false, "ping: the webhook is set up")]
    public async Task Post_NotForDeploy_202NoDeploy(string eventType, string gitRef, string after, bool deleted, string reason)
    {
        var body = eventType == "ping" ? """{"zen":"Keep it logically awesome.","hook_id":1}""" : PushBody(gitRef, after, deleted);
        var json = await JsonAsync(await PostAsync(body, eventType), HttpStatusCode.Accepted);
        Assert.Equal("ignored", json.GetProperty("action").GetString());
        Assert.Equal(reason, json.GetProperty("reason").GetString());
        Assert.Empty(_deploys);
    }

    [Theory]
    [InlineData("d-other")]
    [InlineData("")]
    public async Task Post_ReplayedSignedBodyUnderAnotherDeliveryId_OneDeploy(string replayDelivery)
    {
        // issue 13 item 8: a captured signed body deployed again when the delivery id was changed or left out
        var first = await JsonAsync(await PostAsync(PushBody(), delivery: "d-1"), HttpStatusCode.Accepted);
        var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/github") { Content = new StringContent(PushBody(), Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", "push");
        if (replayDelivery.Length > 0)
            request.Headers.Add("X-GitHub-Delivery", replayDelivery);
        request.Headers.Add("X-Hub-Signature-256", GithubSignature.Compute(Encoding.UTF8.GetBytes(PushBody()), Secret));
        var second = await JsonAsync(await _client.SendAsync(request), HttpStatusCode.Accepted);
        Assert.Equal("deploy", first.GetProperty("action").GetString());
        Assert.Equal("duplicate", second.GetProperty("action").GetString());
        Assert.Single(_deploys);
    }

    [Fact]
    public async Task Post_FormEncodedPayload_SignatureOverTheRawFormAndOneDeploy()
    {
        var form = "payload=" + Uri.EscapeDataString(PushBody());
        var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/github")
        {
            Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-GitHub-Delivery", "form-1");
        request.Headers.Add("X-Hub-Signature-256", GithubSignature.Compute(Encoding.UTF8.GetBytes(form), Secret));
        var json = await JsonAsync(await _client.SendAsync(request), HttpStatusCode.Accepted);
        Assert.Equal("deploy", json.GetProperty("action").GetString());
        Assert.Equal([("blog", Sha)], _deploys.ToArray());
    }

    [Fact]
    public async Task Post_FormEncodedWithoutPayload_400NamingIt()
    {
        const string form = "other=1";
        var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/github") { Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded") };
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-Hub-Signature-256", GithubSignature.Compute(Encoding.UTF8.GetBytes(form), Secret));
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("payload", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_RepeatedDelivery_OneDeploy()
    {
        var first = await JsonAsync(await PostAsync(PushBody(), delivery: "d-1"), HttpStatusCode.Accepted);
        var second = await JsonAsync(await PostAsync(PushBody(), delivery: "d-1"), HttpStatusCode.Accepted);
        Assert.Equal("deploy", first.GetProperty("action").GetString());
        Assert.Equal("duplicate", second.GetProperty("action").GetString());
        Assert.Single(_deploys);
    }

    [Fact]
    public async Task Post_25MBBody_413()
    {
        var body = new byte[25 * 1024 * 1024];
        var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/github") { Content = new ByteArrayContent(body) };
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-Hub-Signature-256", GithubSignature.Compute(body, Secret));
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(_deploys);
    }

    [Fact]
    public async Task Post_25MBChunkedBody_413()
    {
        var content = new StreamContent(new MemoryStream(new byte[25 * 1024 * 1024]));
        var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/github") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Add("X-GitHub-Event", "push");
        // A well-formed signature, so the body is read (an unsigned one is 401 from the headers alone) and the cap answers.
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + new string('0', 64));
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(_deploys);
    }

    [Fact]
    public async Task Post_SignedGarbage_400()
    {
        var response = await PostAsync("{not json");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_deploys);
    }
}
