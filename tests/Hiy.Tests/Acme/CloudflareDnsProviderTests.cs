using System.Net;
using System.Text;
using Hiy.Acme;

namespace Hiy.Tests.Acme;

public sealed class CloudflareDnsProviderTests
{
    private static readonly CloudflareOptions Options = new()
    {
        ApiToken = "tok-123",
        ZoneId = "zone9",
        ZoneName = "hiy.test",
        ApiBase = new Uri("https://cf.test/client/v4/"),
    };

    [Fact]
    public async Task CreateTxtRecordAsync_Success_PostsRecordWithBearerAndReturnsId()
    {
        HttpRequestMessage? seen = null;
        string? body = null;
        using var provider = new CloudflareDnsProvider(Options, new FakeHandler(async req =>
        {
            seen = req;
            body = await req.Content!.ReadAsStringAsync();
            return Json(HttpStatusCode.OK, """{"success":true,"errors":[],"messages":[],"result":{"id":"rec1","type":"TXT"}}""");
        }));

        var id = await provider.CreateTxtRecordAsync("_acme-challenge.hiy.test", "v4lue");

        Assert.Equal("rec1", id);
        Assert.Equal(HttpMethod.Post, seen!.Method);
        Assert.Equal("https://cf.test/client/v4/zones/zone9/dns_records", seen.RequestUri!.AbsoluteUri);
        Assert.Equal("Bearer tok-123", seen.Headers.Authorization!.ToString());
        Assert.Equal("""{"type":"TXT","name":"_acme-challenge.hiy.test","content":"v4lue","ttl":120}""", body);
    }

    [Fact]
    public async Task DeleteTxtRecordAsync_Success_DeletesById()
    {
        HttpRequestMessage? seen = null;
        using var provider = new CloudflareDnsProvider(Options, new FakeHandler(req =>
        {
            seen = req;
            return Task.FromResult(Json(HttpStatusCode.OK, """{"success":true,"errors":[],"result":{"id":"rec1"}}"""));
        }));

        await provider.DeleteTxtRecordAsync("rec1");

        Assert.Equal(HttpMethod.Delete, seen!.Method);
        Assert.Equal("https://cf.test/client/v4/zones/zone9/dns_records/rec1", seen.RequestUri!.AbsoluteUri);
    }

    [Fact]
    public async Task CreateTxtRecordAsync_ErrorEnvelope_SurfacesCodeAndMessage()
    {
        using var provider = new CloudflareDnsProvider(Options, new FakeHandler(_ => Task.FromResult(Json(HttpStatusCode.Forbidden,
            """{"success":false,"errors":[{"code":10000,"message":"Authentication error"}],"messages":[],"result":null}"""))));

        var e = await Assert.ThrowsAsync<AcmeException>(() => provider.CreateTxtRecordAsync("_acme-challenge.hiy.test", "v"));

        Assert.Equal("cloudflare: create TXT _acme-challenge.hiy.test in zone hiy.test: [10000] Authentication error (HTTP 403)", e.Message);
        Assert.Equal(HttpStatusCode.Forbidden, e.Status);
    }

    [Fact]
    public async Task CreateTxtRecordAsync_NonJsonError_ReportsStatus()
    {
        using var provider = new CloudflareDnsProvider(Options, new FakeHandler(_ =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html>") })));

        var e = await Assert.ThrowsAsync<AcmeException>(() => provider.CreateTxtRecordAsync("_acme-challenge.hiy.test", "v"));

        Assert.EndsWith("no error details (HTTP 502)", e.Message);
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private sealed class FakeHandler(Func<HttpRequestMessage, Task<HttpResponseMessage>> respond) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) => respond(request);
    }
}
