using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json;
using Hiy.Acme;

namespace Hiy.Tests.Acme;

/// <summary>Protocol edge cases with a scripted server (the happy paths run against Pebble in the integration tests).</summary>
public sealed class AcmeClientTests
{
    private static readonly Uri DirectoryUrl = new("https://ca.test/dir");

    [Fact]
    public async Task NewOrderAsync_BadNonce_ResignsWithTheNonceFromTheErrorResponse()
    {
        var orderNonces = new List<string>();
        var server = new ScriptedCa((req, jws) =>
        {
            if (req.RequestUri!.AbsolutePath != "/new-order")
                return null;
            orderNonces.Add(jws!.Value.GetProperty("nonce").GetString()!);
            return orderNonces.Count == 1
                ? Problem(HttpStatusCode.BadRequest, "badNonce", "JWS has an invalid anti-replay nonce", nonce: "fresh-from-error")
                : Json(HttpStatusCode.Created, """{"status":"pending","identifiers":[{"type":"dns","value":"a.test"}],"authorizations":[],"finalize":"https://ca.test/fin/1"}""",
                    location: "https://ca.test/order/1");
        });
        using var key = AcmeAccountKey.Create();
        using var client = new AcmeClient(DirectoryUrl, key, server);
        await client.EnsureAccountAsync(["a@b.test"]);

        var order = await client.NewOrderAsync(["a.test"]);

        Assert.Equal(new Uri("https://ca.test/order/1"), order.Url);
        Assert.Equal(2, orderNonces.Count);
        Assert.Equal("fresh-from-error", orderNonces[1]);
        Assert.Equal(1, server.NonceHeads); // later nonces all came from Replay-Nonce headers
    }

    [Fact]
    public async Task NewOrderAsync_BadNonceEveryTime_GivesUpAfterTheBound()
    {
        var attempts = 0;
        var server = new ScriptedCa((req, _) => req.RequestUri!.AbsolutePath == "/new-order"
            ? Problem(HttpStatusCode.BadRequest, "badNonce", "stale", nonce: "n" + Interlocked.Increment(ref attempts))
            : null);
        using var key = AcmeAccountKey.Create();
        using var client = new AcmeClient(DirectoryUrl, key, server, options: new AcmeClientOptions { MaxBadNonceRetries = 3 });
        await client.EnsureAccountAsync([]);

        var e = await Assert.ThrowsAsync<AcmeException>(() => client.NewOrderAsync(["a.test"]));

        Assert.Equal(4, attempts);
        Assert.Equal("urn:ietf:params:acme:error:badNonce", e.ProblemType);
    }

    [Fact]
    public async Task NewOrderAsync_RateLimited_ExceptionCarriesTypeDetailStatusRetryAfterAndSubproblems()
    {
        var server = new ScriptedCa((req, _) => req.RequestUri!.AbsolutePath != "/new-order" ? null : Json((HttpStatusCode)429, """
            {"type":"urn:ietf:params:acme:error:rateLimited","detail":"too many certificates already issued","status":429,
             "subproblems":[{"type":"urn:ietf:params:acme:error:rejectedIdentifier","detail":"blocked","identifier":{"type":"dns","value":"b.test"}}]}
            """, retryAfter: 3600, contentType: "application/problem+json"));
        using var key = AcmeAccountKey.Create();
        using var client = new AcmeClient(DirectoryUrl, key, server);
        await client.EnsureAccountAsync([]);

        var e = await Assert.ThrowsAsync<AcmeException>(() => client.NewOrderAsync(["a.test", "b.test"]));

        Assert.True(e.IsRateLimited);
        Assert.Equal("too many certificates already issued", e.Detail);
        Assert.Equal((HttpStatusCode)429, e.Status);
        Assert.Equal(TimeSpan.FromHours(1), e.RetryAfter);
        Assert.Equal("b.test", Assert.Single(e.Subproblems).Identifier!.Value);
        Assert.Equal("acme: order for a.test: urn:ietf:params:acme:error:rateLimited: too many certificates already issued " +
            "[b.test: urn:ietf:params:acme:error:rejectedIdentifier: blocked] (HTTP 429)", e.Message);
    }

    [Fact]
    public async Task FindAccountAsync_AccountDoesNotExist_ReturnsNullAndSentOnlyReturnExisting()
    {
        JsonElement? payload = null;
        var server = new ScriptedCa((req, jws) =>
        {
            if (jws is null)
                return null;
            payload = JsonDocument.Parse(Base64Url.DecodeFromChars(jws!.Value.GetProperty("payload_b64").GetString()!)).RootElement;
            return Problem(HttpStatusCode.BadRequest, "accountDoesNotExist", "no account for this key");
        });
        using var key = AcmeAccountKey.Create();
        using var client = new AcmeClient(DirectoryUrl, key, server);

        Assert.Null(await client.FindAccountAsync());
        Assert.True(payload!.Value.GetProperty("onlyReturnExisting").GetBoolean());
        Assert.Null(client.AccountUrl);
    }

    [Fact]
    public async Task GetDirectoryAsync_Unreachable_NamesTheServer()
    {
        var server = new ScriptedCa((_, _) => throw new HttpRequestException("Connection refused"));
        using var key = AcmeAccountKey.Create();
        using var client = new AcmeClient(DirectoryUrl, key, server);

        var e = await Assert.ThrowsAsync<AcmeException>(() => client.GetDirectoryAsync());

        Assert.Equal("acme: directory: cannot reach https://ca.test: Connection refused", e.Message);
    }

    [Theory]
    [InlineData(7, 7)] // Retry-After is honoured
    [InlineData(120, 30)] // and bounded by MaxPollDelay
    [InlineData(null, 2)] // no hint: PollInterval
    public async Task WaitForAuthorizationAsync_Pending_PollsWithRetryAfter(int? retryAfter, int expectedDelay)
    {
        var polls = 0;
        var server = new ScriptedCa((req, _) => req.RequestUri!.AbsolutePath != "/authz/1" ? null
            : Interlocked.Increment(ref polls) < 3
                ? Json(HttpStatusCode.OK, """{"status":"pending","identifier":{"type":"dns","value":"a.test"},"challenges":[]}""", retryAfter: retryAfter)
                : Json(HttpStatusCode.OK, """{"status":"valid","identifier":{"type":"dns","value":"a.test"},"challenges":[]}"""));
        var time = new SteppingTimeProvider();
        using var key = AcmeAccountKey.Create();
        using var client = new AcmeClient(DirectoryUrl, key, server, time,
            new AcmeClientOptions { PollInterval = TimeSpan.FromSeconds(2), MaxPollDelay = TimeSpan.FromSeconds(30) });
        client.UseAccount(new Uri("https://ca.test/acct/1"));

        var authz = await client.WaitForAuthorizationAsync(new Uri("https://ca.test/authz/1"), "authorization for a.test");

        Assert.Equal("valid", authz.Status);
        Assert.Equal(new[] { TimeSpan.FromSeconds(expectedDelay), TimeSpan.FromSeconds(expectedDelay) }, time.Delays);
    }

    [Fact]
    public async Task WaitForOrderAsync_PendingPastTimeout_ThrowsNamingSubject()
    {
        var server = new ScriptedCa((req, _) => req.RequestUri!.AbsolutePath != "/order/1" ? null
            : Json(HttpStatusCode.OK, """{"status":"processing"}""", retryAfter: 7));
        var time = new SteppingTimeProvider();
        using var key = AcmeAccountKey.Create();
        using var client = new AcmeClient(DirectoryUrl, key, server, time, new AcmeClientOptions { PollTimeout = TimeSpan.FromSeconds(20) });
        client.UseAccount(new Uri("https://ca.test/acct/1"));

        var e = await Assert.ThrowsAsync<AcmeException>(() => client.WaitForOrderAsync(new Uri("https://ca.test/order/1"), "order for a.test"));

        Assert.Equal("acme: order for a.test: still not done after 20 s", e.Message);
        Assert.Equal(2, time.Delays.Count); // 7 + 7 s waited; a third wait would pass the deadline
    }

    /// <summary>A clock that jumps forward by each requested delay and fires the timer at once.</summary>
    private sealed class SteppingTimeProvider : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public List<TimeSpan> Delays { get; } = [];

        public override DateTimeOffset GetUtcNow() => _now;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                Delays.Add(dueTime);
                _now += dueTime;
                ThreadPool.QueueUserWorkItem(_ => callback(state));
            }
            return new NoTimer();
        }

        private sealed class NoTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;
            public void Dispose() { }
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    private static HttpResponseMessage Problem(HttpStatusCode status, string type, string detail, string? nonce = null) =>
        Json(status, JsonSerializer.Serialize(new Dictionary<string, object> { ["type"] = AcmeException.ErrorPrefix + type, ["detail"] = detail, ["status"] = (int)status }),
            nonce: nonce, contentType: "application/problem+json");

    private static HttpResponseMessage Json(HttpStatusCode status, string json, string? location = null, string? nonce = null,
        int? retryAfter = null, string contentType = "application/json")
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, contentType) };
        if (location is not null)
            response.Headers.Location = new Uri(location);
        if (nonce is not null)
            response.Headers.Add("Replay-Nonce", nonce);
        if (retryAfter is not null)
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(retryAfter.Value));
        return response;
    }

    /// <summary>
    /// A tiny ACME server: directory, HEAD newNonce and newAccount are built in; every POST's protected
    /// header (plus its payload as <c>payload_b64</c>) goes to <c>script</c>, which answers or returns null for the defaults.
    /// </summary>
    private sealed class ScriptedCa(Func<HttpRequestMessage, JsonElement?, HttpResponseMessage?> script) : HttpMessageHandler
    {
        private int _nonce;
        public int NonceHeads;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            JsonElement? header = null;
            if (request.Method == HttpMethod.Post)
            {
                Assert.Equal("application/jose+json", request.Content!.Headers.ContentType!.MediaType);
                using var jws = JsonDocument.Parse(await request.Content.ReadAsStringAsync(ct));
                var protectedJson = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(jws.RootElement.GetProperty("protected").GetString()!));
                var payload = jws.RootElement.GetProperty("payload").GetString()!;
                header = JsonDocument.Parse(protectedJson.TrimEnd('}') + $",\"payload_b64\":\"{payload}\"}}").RootElement;
            }
            var response = script(request, header) ?? Default(request);
            // Like Pebble: nonces on POST answers and newNonce, none on the directory GET.
            if (request.Method != HttpMethod.Get && !response.Headers.Contains("Replay-Nonce"))
                response.Headers.Add("Replay-Nonce", "auto" + Interlocked.Increment(ref _nonce));
            return response;
        }

        private HttpResponseMessage Default(HttpRequestMessage request)
        {
            switch (request.RequestUri!.AbsolutePath)
            {
                case "/dir":
                    return Json(HttpStatusCode.OK, """{"newNonce":"https://ca.test/nonce","newAccount":"https://ca.test/new-acct","newOrder":"https://ca.test/new-order"}""");
                case "/nonce":
                    Interlocked.Increment(ref NonceHeads);
                    return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
                case "/new-acct":
                    return Json(HttpStatusCode.Created, """{"status":"valid","contact":[]}""", location: "https://ca.test/acct/1");
                default:
                    return new HttpResponseMessage(HttpStatusCode.NotFound);
            }
        }
    }
}
