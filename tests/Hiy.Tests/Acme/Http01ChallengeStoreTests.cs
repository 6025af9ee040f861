using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hiy.Acme;
using Hiy.Proxy;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hiy.Tests.Acme;

/// <summary>The http-01 bridge of <c>hiy serve</c>: tokens the issuer adds reach the proxy's responder through delegates.</summary>
public sealed class Http01ChallengeStoreTests
{
    [Fact]
    public void AddRemove_WithProxyDelegates_MirrorsTokensIntoTheProxyResponder()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var fallback = new CertificateRequest("CN=fallback", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var proxy = new ProxyModule(new ProxyOptions(), "example.test", fallback, NullLogger.Instance, TimeProvider.System);
        var store = new Http01ChallengeStore(proxy.Challenges.Set, proxy.Challenges.Remove);
        const string token = "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0";

        store.Add(token, token + ".thumb");
        Assert.Equal(token + ".thumb", proxy.Challenges.Lookup(Http01ChallengeStore.PathPrefix + token));
        Assert.True(store.TryGetResponse(Http01ChallengeStore.PathPrefix + token, out _));

        store.Remove(token);
        Assert.Null(proxy.Challenges.Lookup(Http01ChallengeStore.PathPrefix + token));
        Assert.Equal(0, store.Count);
    }
}
