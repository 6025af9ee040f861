using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;

namespace Hiy.Acme;

// The transport half of AcmeClient: signing, nonces (RFC 8555 §6.5), polling, problem documents.
public sealed partial class AcmeClient
{
    private async Task<T> PollAsync<T>(Uri url, JsonTypeInfo<T> typeInfo, Func<T, bool> done, string subject, CancellationToken ct)
    {
        var deadline = _time.GetUtcNow() + Options.PollTimeout;
        while (true)
        {
            var r = await PostAsGetAsync(url, typeInfo, subject, ct).ConfigureAwait(false);
            if (done(r.Value))
                return r.Value;
            var delay = r.RetryAfter is { } ra && ra > TimeSpan.Zero
                ? (ra > Options.MaxPollDelay ? Options.MaxPollDelay : ra)
                : Options.PollInterval;
            if (_time.GetUtcNow() + delay > deadline)
                throw new AcmeException($"acme: {subject}: still not done after {Options.PollTimeout.TotalSeconds:0} s");
            LogPolling(subject, delay.TotalMilliseconds);
            await Task.Delay(delay, _time, ct).ConfigureAwait(false);
        }
    }

    private Task<AcmeResponse<T>> PostAsGetAsync<T>(Uri url, JsonTypeInfo<T> responseType, string subject, CancellationToken ct) =>
        ParseAsync(PostRawAsync(url, "", subject, useJwk: false, null, ct), responseType, subject, ct);

    private Task<AcmeResponse<TResponse>> PostAsync<TRequest, TResponse>(Uri url, TRequest body, JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType, string subject, bool useJwk, CancellationToken ct) =>
        ParseAsync(PostRawAsync(url, System.Buffers.Text.Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(body, requestType)),
            subject, useJwk, null, ct), responseType, subject, ct);

    private async Task<AcmeResponse<T>> ParseAsync<T>(Task<HttpResponseMessage> send, JsonTypeInfo<T> typeInfo, string subject, CancellationToken ct)
    {
        using var response = await send.ConfigureAwait(false);
        var value = await ReadJsonAsync(response, typeInfo, subject, ct).ConfigureAwait(false);
        return new AcmeResponse<T>(value, response.Headers.Location, RetryAfterOf(response));
    }

    /// <summary>
    /// One signed POST with nonce handling: take the spare nonce (or HEAD newNonce), sign, send, keep
    /// the Replay-Nonce, and on badNonce sign again with the fresh one, a bounded number of times (§6.5).
    /// </summary>
    private async Task<HttpResponseMessage> PostRawAsync(Uri url, string payloadB64, string subject, bool useJwk, string? accept, CancellationToken ct)
    {
        string? kid = null;
        if (!useJwk)
            kid = (AccountUrl ?? throw new AcmeException($"acme: {subject}: no account yet (call EnsureAccountAsync first)")).AbsoluteUri;
        for (var attempt = 1; ; attempt++)
        {
            var nonce = await TakeNonceAsync(ct).ConfigureAwait(false);
            var jws = AcmeJws.Sign(_key, url, nonce, kid, payloadB64);
            var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(jws, AcmeJsonContext.Default.JwsMessage)),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(JoseJson);
            if (accept is not null)
                request.Headers.Accept.ParseAdd(accept);
            var response = await SendAsync(request, subject, ct).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
                return response;
            using (response)
            {
                var problem = await ReadProblemAsync(response, ct).ConfigureAwait(false);
                if (problem?.Is("badNonce") == true && attempt <= Options.MaxBadNonceRetries)
                {
                    LogBadNonce(subject, attempt);
                    continue;
                }
                throw ProblemException(subject, problem, response);
            }
        }
    }

    private async Task<string> TakeNonceAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _nonce, null) is { } spare)
            return spare;
        var dir = await GetDirectoryAsync(ct).ConfigureAwait(false);
        // A concurrent request may take the nonce this HEAD stored before we do: then ask again.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Head, dir.NewNonce), "new nonce", ct).ConfigureAwait(false);
            await EnsureSuccessAsync(response, "new nonce", ct).ConfigureAwait(false);
            if (!response.Headers.Contains("Replay-Nonce"))
                break;
            if (Interlocked.Exchange(ref _nonce, null) is { } fresh)
                return fresh;
        }
        throw new AcmeException("acme: new nonce: the server sent no Replay-Nonce header");
    }

    /// <summary>Test hook: the next request uses this nonce (a wrong one provokes badNonce).</summary>
    internal void SetNextNonce(string nonce) => Volatile.Write(ref _nonce, nonce);

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string subject, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new AcmeException($"acme: {subject}: cannot reach {request.RequestUri?.GetLeftPart(UriPartial.Authority)}: {e.Message}", inner: e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new AcmeException($"acme: {subject}: {request.RequestUri?.GetLeftPart(UriPartial.Authority)} did not answer in time", inner: e);
        }
        finally
        {
            request.Dispose();
        }
        // RFC 8555 §6.5: every response may carry a fresh nonce; keep it for the next request.
        if (response.Headers.TryGetValues("Replay-Nonce", out var nonces) && nonces.FirstOrDefault() is { Length: > 0 } fresh)
            Volatile.Write(ref _nonce, fresh);
        return response;
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string subject, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
            return;
        throw ProblemException(subject, await ReadProblemAsync(response, ct).ConfigureAwait(false), response);
    }

    private AcmeException ProblemException(string subject, AcmeProblem? problem, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var what = problem is null ? $"HTTP {status} without a problem document" : $"{problem.Summary} (HTTP {status})";
        return new AcmeException($"acme: {subject}: {what}", problem, response.StatusCode, RetryAfterOf(response));
    }

    private static async Task<AcmeProblem?> ReadProblemAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        if (body.Length == 0)
            return null;
        try
        {
            return JsonSerializer.Deserialize(body, AcmeJsonContext.Default.AcmeProblem);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, string subject, CancellationToken ct)
    {
        var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(body, typeInfo)
                ?? throw new AcmeException($"acme: {subject}: empty response (HTTP {(int)response.StatusCode})");
        }
        catch (JsonException e)
        {
            throw new AcmeException($"acme: {subject}: unreadable response: {e.Message}", status: response.StatusCode, inner: e);
        }
    }

    /// <summary>Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3).</summary>
    private TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - _time.GetUtcNow() is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero,
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "acme: {Subject}: badNonce, retrying with a fresh nonce (attempt {Attempt})")]
    private partial void LogBadNonce(string subject, int attempt);

    [LoggerMessage(Level = LogLevel.Trace, Message = "acme: {Subject}: not done yet, polling again in {DelayMs} ms")]
    private partial void LogPolling(string subject, double delayMs);
}
