using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Hiy.Web;

namespace Hiy.Cli.Client;

/// <summary>
/// The REST API as the CLI calls it: bearer token, JSON through <see cref="ClientJsonContext"/>, and every failure
/// turned into one <see cref="CliException"/>: unreachable → 3 naming the URL, 401/403 → 4, any other refusal → 2
/// with the problem's own detail (which names the app, field or object).
/// </summary>
public sealed class HiyClient : IDisposable
{
    public static readonly string UserAgent = $"hiy-cli/{typeof(HiyClient).Assembly.GetName().Version?.ToString(3) ?? "0"}";

    private readonly HttpClient _http;

    public HiyClient(Uri baseUrl, string? token, HttpMessageHandler handler)
    {
        BaseUrl = baseUrl;
        // Follows and uploads run as long as they need; connecting is bounded by the handler's ConnectTimeout.
        _http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
        if (token is not null)
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Uri BaseUrl { get; }

    /// <summary>Sends and checks the answer; a refusal throws. The caller disposes the response.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct, bool streaming = false)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/')) { Content = content };
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Unreachable, $"cannot reach the appliance at {BaseUrl}: timed out ({e.Message})");
        }
        if (response.IsSuccessStatusCode)
            return response;
        using (response)
            throw await RefusalAsync(response, ct).ConfigureAwait(false);
    }

    public async Task<ApiResult<T>> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, ct).ConfigureAwait(false);
        return await ReadAsync(response, type, ct).ConfigureAwait(false);
    }

    /// <summary>A JSON body of <typeparamref name="TBody"/>, a JSON answer of <typeparamref name="T"/>.</summary>
    public async Task<ApiResult<T>> SendJsonAsync<TBody, T>(HttpMethod method, string path, TBody body, JsonTypeInfo<TBody> bodyType, JsonTypeInfo<T> type, CancellationToken ct)
    {
        using var content = Json(body, bodyType);
        using var response = await SendAsync(method, path, content, ct).ConfigureAwait(false);
        return await ReadAsync(response, type, ct).ConfigureAwait(false);
    }

    /// <summary>A call whose answer the CLI only reads as a document (e.g. routes whose shape it prints as is).</summary>
    public async Task<ApiResult<JsonElement>> SendAsync(HttpMethod method, string path, HttpContent? content, bool jsonAnswer, CancellationToken ct)
    {
        using var response = await SendAsync(method, path, content, ct).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!jsonAnswer || text.Length == 0)
            return new ApiResult<JsonElement>(default, text, response.Headers);
        try
        {
            using var doc = JsonDocument.Parse(text);
            return new ApiResult<JsonElement>(doc.RootElement.Clone(), text, response.Headers);
        }
        catch (JsonException e)
        {
            throw CliException.Failed($"{BaseUrl}{path.TrimStart('/')}: the appliance answered something that is not JSON ({e.Message})");
        }
    }

    public async Task<string> GetTextAsync(string path, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, ct).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
    }

    /// <summary>An event stream, event by event, until the server ends it or <paramref name="ct"/> fires.</summary>
    public async IAsyncEnumerable<SseEvent> EventsAsync(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, ct, streaming: true).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var reader = new StreamReader(body, Encoding.UTF8);
        var events = SseReader.ReadAsync(reader, ct).GetAsyncEnumerator(ct);
        try
        {
            while (true)
            {
                try
                {
                    if (!await events.MoveNextAsync().ConfigureAwait(false))
                        yield break;
                }
                catch (IOException e) when (!ct.IsCancellationRequested)
                {
                    throw new CliException(ExitCodes.Unreachable, $"lost the connection to {BaseUrl}: {e.Message}");
                }
                catch (HttpRequestException e) when (!ct.IsCancellationRequested)
                {
                    throw new CliException(ExitCodes.Unreachable, $"lost the connection to {BaseUrl}: {e.Message}");
                }
                yield return events.Current;
            }
        }
        finally
        {
            await events.DisposeAsync().ConfigureAwait(false);
        }
    }

    public static StringContent Json<TBody>(TBody body, JsonTypeInfo<TBody> type) =>
        new(JsonSerializer.Serialize(body, type), Encoding.UTF8, "application/json");

    /// <summary>The app's name made safe for a path segment (the API refuses bad names itself, with the reason).</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);

    private async Task<ApiResult<T>> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        try
        {
            var value = JsonSerializer.Deserialize(text, type) ?? throw new JsonException("null");
            return new ApiResult<T>(value, text, response.Headers);
        }
        catch (JsonException e)
        {
            throw CliException.Failed($"{response.RequestMessage?.RequestUri}: the appliance's answer is not what this hiy expects ({e.Message})");
        }
    }

    private CliException Unreachable(HttpRequestException e)
    {
        var reason = e.InnerException switch
        {
            SocketException s => s.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => "unknown host",
                SocketError.TimedOut => "timed out",
                _ => s.Message,
            },
            { } inner => inner.Message,
            null => e.Message,
        };
        return new CliException(ExitCodes.Unreachable, $"cannot reach the appliance at {BaseUrl}: {reason}");
    }

    /// <summary>The problem's detail (it names what was wrong, and <c>errors</c> says why per field), or the status line.</summary>
    private static async Task<CliException> RefusalAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        string message;
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        ProblemDocument? problem = null;
        try
        {
            if (text.StartsWith('{'))
                problem = JsonSerializer.Deserialize(text, ClientJsonContext.Default.ProblemDocument);
        }
        catch (JsonException)
        {
        }
        if (problem is { Detail.Length: > 0 })
        {
            message = problem.Detail;
            if (problem.Errors is { Count: > 0 } errors)
            {
                var fields = string.Join("; ", errors.Select(kv => $"{kv.Key}: {kv.Value}"));
                if (!message.Contains(fields, StringComparison.Ordinal))
                    message += $" ({fields})";
            }
        }
        else
        {
            message = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {status} {response.ReasonPhrase}";
        }
        var code = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => ExitCodes.Auth,
            HttpStatusCode.Forbidden => ExitCodes.Auth,
            _ => ExitCodes.Failed,
        };
        if (response.StatusCode == HttpStatusCode.Unauthorized)
            message += " (run 'hiy login' for a new token)";
        return new CliException(code, message);
    }

    public void Dispose() => _http.Dispose();
}
