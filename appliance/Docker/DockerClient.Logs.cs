using System.Runtime.CompilerServices;
using Hiy.Docker.Models;
using Hiy.Docker.Streams;

namespace Hiy.Docker;

public sealed partial class DockerClient
{
    /// <summary>
    /// GET /containers/{id}/logs as lines. Without a TTY the stream is multiplexed and each line says whether it came
    /// from stdout or stderr; with one it is raw. With <see cref="LogsOptions.Follow"/> the sequence lasts until the
    /// container stops or <paramref name="ct"/> is cancelled (a quiet app is no fault); without it the stored log flows
    /// out at once, so a silence longer than <see cref="DockerClientOptions.StreamIdleTimeout"/> ends it.
    /// </summary>
    public async IAsyncEnumerable<DockerLogLine> GetLogsAsync(string container, LogsOptions? options = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        options ??= new LogsOptions();
        var subject = $"container '{container}': logs";
        var tty = options.Tty ?? (await InspectContainerAsync(container, ct).ConfigureAwait(false)).Config?.Tty ?? false;
        var query = new DockerQuery($"/containers/{DockerQuery.Segment(container)}/logs")
            .Add("stdout", options.Stdout)
            .Add("stderr", options.Stderr)
            .Add("follow", options.Follow)
            .Add("timestamps", options.Timestamps)
            .Add("tail", options.Tail is { } t ? t.ToString(System.Globalization.CultureInfo.InvariantCulture) : "all")
            .Add("since", options.Since is { } s ? DockerTimestamp.ToUnixNanoString(DockerTimestamp.ToUnixNanos(s)) : null);
        using var request = new HttpRequestMessage(HttpMethod.Get, query.ToString());
        TimeSpan? idle = options.Follow ? null : _options.StreamIdleTimeout;
        // dockerd flushes the headers before the first line, followed or not.
        using var response = await OpenStreamAsync(request, subject, ct, _options.RequestTimeout).ConfigureAwait(false);
        // API 1.42 names the framing in Content-Type; 1.41 says raw-stream for both, so the TTY flag decides.
        var multiplexed = response.Content.Headers.ContentType?.MediaType == "application/vnd.docker.multiplexed-stream" || !tty;
        var decoder = multiplexed
            ? LogDecoder.Multiplexed(subject, options.Timestamps, options.MaxLineBytes)
            : LogDecoder.Raw(options.Timestamps, options.MaxLineBytes);
        await using var stream = await ReadBodyAsync(response, subject, idle, ct).ConfigureAwait(false);
        await foreach (var line in DockerStreamReader.ReadLogLinesAsync(stream, decoder, subject, ct).ConfigureAwait(false))
            yield return line;
    }
}
