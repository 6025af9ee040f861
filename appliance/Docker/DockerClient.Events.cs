using System.Net;
using System.Runtime.CompilerServices;
using Hiy.Docker.Models;
using Hiy.Docker.Streams;

namespace Hiy.Docker;

public sealed partial class DockerClient
{
    private const string EventsSubject = "docker events";

    /// <summary>
    /// GET /events: one typed record per event as it happens, until <paramref name="until"/> (when given), the
    /// connection ends, or <paramref name="ct"/> is cancelled. See <see cref="WatchEventsAsync"/> for a stream that
    /// survives dockerd restarts.
    /// </summary>
    public async IAsyncEnumerable<DockerEvent> GetEventsAsync(IReadOnlyDictionary<string, string[]>? filters = null,
        DateTimeOffset? since = null, DateTimeOffset? until = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        using var response = await OpenEventsAsync(filters, since is { } s ? DockerTimestamp.ToUnixNanos(s) : null,
            until is { } u ? DockerTimestamp.ToUnixNanos(u) : null, ct).ConfigureAwait(false);
        // No idle limit: hours without an event are normal.
        await using var stream = await ReadBodyAsync(response, EventsSubject, null, ct).ConfigureAwait(false);
        await foreach (var e in DockerStreamReader.ReadJsonLinesAsync(stream, DockerJsonContext.Default.DockerEvent, EventsSubject, ct)
                           .ConfigureAwait(false))
            yield return e;
    }

    /// <summary>
    /// The event stream, kept open for as long as <paramref name="ct"/> allows: when dockerd goes away the watch
    /// retries with exponential backoff and resumes with <c>since=</c> the last event it handed out, skipping the
    /// replayed duplicates. Errors that retrying cannot fix (a 4xx such as a bad filter) are thrown.
    /// </summary>
    public async IAsyncEnumerable<DockerEvent> WatchEventsAsync(EventWatchOptions? options = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        options ??= new EventWatchOptions();
        var time = options.TimeProvider;
        long? last = options.Since is { } since ? DockerTimestamp.ToUnixNanos(since) : null;
        var seenAtLast = new HashSet<string>(StringComparer.Ordinal);
        var backoff = options.InitialBackoff;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            last ??= DockerTimestamp.ToUnixNanos(time.GetUtcNow());
            HttpResponseMessage response;
            try
            {
                response = await OpenEventsAsync(options.Filters, last, null, ct).ConfigureAwait(false);
            }
            catch (DockerApiException e) when (IsTransient(e))
            {
                options.OnDisconnected?.Invoke(e);
                await Task.Delay(backoff, time, ct).ConfigureAwait(false);
                backoff = Next(backoff, options.MaxBackoff);
                continue;
            }

            DockerApiException? broke = null;
            try
            {
                if (options.OnConnected is { } onConnected)
                    await onConnected(ct).ConfigureAwait(false);
                backoff = options.InitialBackoff;
                var stream = await ReadBodyAsync(response, EventsSubject, null, ct).ConfigureAwait(false);
                await using var events = DockerStreamReader.ReadJsonLinesAsync(stream, DockerJsonContext.Default.DockerEvent, EventsSubject, ct)
                    .GetAsyncEnumerator(ct);
                while (true)
                {
                    DockerEvent e;
                    try
                    {
                        if (!await events.MoveNextAsync().ConfigureAwait(false))
                            break;
                        e = events.Current;
                    }
                    catch (DockerApiException ex) when (!ct.IsCancellationRequested)
                    {
                        broke = ex;
                        break;
                    }
                    var key = $"{e.Type}|{e.Action}|{e.ActorId}";
                    if (e.TimeNano < last || (e.TimeNano == last && !seenAtLast.Add(key)))
                        continue;
                    if (e.TimeNano > last)
                    {
                        last = e.TimeNano;
                        seenAtLast.Clear();
                        seenAtLast.Add(key);
                    }
                    yield return e;
                }
            }
            finally
            {
                response.Dispose();
            }

            options.OnDisconnected?.Invoke(broke);
            await Task.Delay(backoff, time, ct).ConfigureAwait(false);
            backoff = Next(backoff, options.MaxBackoff);
        }
    }

    private Task<HttpResponseMessage> OpenEventsAsync(IReadOnlyDictionary<string, string[]>? filters, long? sinceNanos, long? untilNanos,
        CancellationToken ct)
    {
        var query = new DockerQuery("/events")
            .Add("since", sinceNanos is { } s ? DockerTimestamp.ToUnixNanoString(s) : null)
            .Add("until", untilNanos is { } u ? DockerTimestamp.ToUnixNanoString(u) : null)
            .AddFilters(filters);
        // dockerd flushes the headers before the first event, so only their wait has a deadline.
        return OpenStreamAsync(new HttpRequestMessage(HttpMethod.Get, query.ToString()), EventsSubject, ct, _options.RequestTimeout);
    }

    /// <summary>No answer, or dockerd failing (5xx) while it starts or stops: worth another try.</summary>
    private static bool IsTransient(DockerApiException e) => e.StatusCode is null || e.StatusCode >= HttpStatusCode.InternalServerError;

    private static TimeSpan Next(TimeSpan backoff, TimeSpan max) => backoff * 2 < max ? backoff * 2 : max;
}
