using System.Net;
using Hiy.Acme;

namespace Hiy.Tests.Acme;

/// <summary>The protocol pieces of <see cref="AcmeClient"/> against the real Pebble.</summary>
public sealed class AcmeClientPebbleTests
{
    [Fact]
    public async Task GetDirectoryAsync_Pebble_HasTheResources()
    {
        using var key = AcmeAccountKey.Create();
        using var client = PebbleEnv.CreateClient(key);

        var dir = await client.GetDirectoryAsync();

        Assert.Equal("https", dir.NewNonce.Scheme);
        Assert.NotNull(dir.NewAccount);
        Assert.NotNull(dir.NewOrder);
    }

    [Fact]
    public async Task FindAccountAsync_UnknownKey_ReturnsNull()
    {
        using var key = AcmeAccountKey.Create();
        using var client = PebbleEnv.CreateClient(key);

        Assert.Null(await client.FindAccountAsync());
    }

    [Fact]
    public async Task EnsureAccountAsync_KeyStoredAndReloaded_FindsTheSameAccount()
    {
        using var key = AcmeAccountKey.Create();
        using var client = PebbleEnv.CreateClient(key);
        var created = await client.EnsureAccountAsync(["admin@hiy.test"]);
        var stored = key.ExportPkcs8();

        using var reloaded = AcmeAccountKey.ImportPkcs8(stored);
        using var later = PebbleEnv.CreateClient(reloaded);
        var found = await later.FindAccountAsync();

        Assert.Equal("valid", created.Status);
        Assert.Equal(["mailto:admin@hiy.test"], created.Contact);
        Assert.NotNull(found);
        Assert.Equal(created.Url, found.Url);
        Assert.Equal(created.Url, (await later.EnsureAccountAsync([])).Url);
    }

    [Fact]
    public async Task NewOrderAsync_StaleNonce_RetriedWithTheFreshNonceFromTheBadNonceAnswer()
    {
        var observer = new ProblemObserver(AcmeHttpHandler.Create(PebbleEnv.TlsCaPath));
        using var key = AcmeAccountKey.Create();
        using var client = PebbleEnv.CreateClient(key, handler: observer);
        await client.EnsureAccountAsync([]);
        var before = observer.BadNonces;

        client.SetNextNonce("bm90LWEtcmVhbC1ub25jZQ"); // well-formed, never issued by Pebble
        var order = await client.NewOrderAsync([PebbleEnv.UniqueLabel("nonce") + ".hiy.test"]);

        Assert.Equal("pending", order.Status);
        Assert.True(observer.BadNonces > before, "Pebble should have answered badNonce at least once");
    }

    [Fact]
    public async Task NewOrderAsync_BadNonceWithoutRetries_SurfacesTheProblem()
    {
        using var key = AcmeAccountKey.Create();
        Uri accountUrl;
        using (var setup = PebbleEnv.CreateClient(key))
            accountUrl = (await setup.EnsureAccountAsync([])).Url;
        using var client = PebbleEnv.CreateClient(key, PebbleEnv.FastOptions with { MaxBadNonceRetries = 0 });
        client.UseAccount(accountUrl);
        var name = PebbleEnv.UniqueLabel("nonce") + ".hiy.test";

        client.SetNextNonce("bm90LWEtcmVhbC1ub25jZQ");
        var e = await Assert.ThrowsAsync<AcmeException>(() => client.NewOrderAsync([name]));

        Assert.Equal("urn:ietf:params:acme:error:badNonce", e.ProblemType);
        Assert.Equal(HttpStatusCode.BadRequest, e.Status);
        Assert.StartsWith($"acme: order for {name}: urn:ietf:params:acme:error:badNonce: ", e.Message);
    }

    /// <summary>Counts Pebble's badNonce answers while passing everything through.</summary>
    private sealed class ProblemObserver(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public int BadNonces;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var response = await base.SendAsync(request, ct);
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                await response.Content.LoadIntoBufferAsync(ct);
                if ((await response.Content.ReadAsStringAsync(ct)).Contains("urn:ietf:params:acme:error:badNonce", StringComparison.Ordinal))
                    Interlocked.Increment(ref BadNonces);
            }
            return response;
        }
    }
}
