using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;
using Hiy.Docker.Models;

namespace Hiy.Docker.Streams;

/// <summary>
/// Reads Docker's long-lived response streams. A connection that breaks off (dockerd restarting, a chunked
/// body cut short) ends in a <see cref="DockerApiException"/> naming the subject; cancellation stays an
/// <see cref="OperationCanceledException"/>.
/// </summary>
internal static class DockerStreamReader
{
    private const int ChunkBytes = 16 * 1024;

    /// <summary>64 MiB: a JSON message longer than this is not something Docker sends.</summary>
    private const int MaxJsonLineBytes = 64 << 20;

    /// <summary>Newline-delimited JSON (events, stats, build and load progress), one value per line.</summary>
    public static async IAsyncEnumerable<T> ReadJsonLinesAsync<T>(Stream stream, JsonTypeInfo<T> typeInfo, string subject,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var splitter = new LineSplitter(MaxJsonLineBytes + 1);
        var lines = new List<byte[]>();
        var buffer = new byte[ChunkBytes];
        while (true)
        {
            var n = await ReadAsync(stream, buffer, subject, ct).ConfigureAwait(false);
            if (n == 0)
                splitter.Flush(lines);
            else
                splitter.Append(buffer.AsSpan(0, n), lines);
            foreach (var line in lines)
            {
                if (line.Length > MaxJsonLineBytes)
                    throw new DockerApiException($"{subject}: a message from Docker exceeds {MaxJsonLineBytes} bytes");
                if (line.AsSpan().Trim(" \t\r"u8).IsEmpty)
                    continue;
                ct.ThrowIfCancellationRequested();
                if (n == 0)
                    yield return ParseLast(line, typeInfo, subject);
                else
                    yield return DockerJson.Parse(line, typeInfo, subject);
            }
            lines.Clear();
            if (n == 0)
                yield break;
        }
    }

    /// <summary>A container's log stream decoded into lines.</summary>
    public static async IAsyncEnumerable<DockerLogLine> ReadLogLinesAsync(Stream stream, LogDecoder decoder, string subject,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var buffer = new byte[ChunkBytes];
        var output = new List<DockerLogLine>();
        while (true)
        {
            var n = await ReadAsync(stream, buffer, subject, ct).ConfigureAwait(false);
            if (n == 0)
                decoder.Complete(output);
            else
                decoder.Feed(buffer.AsSpan(0, n), output);
            foreach (var line in output)
            {
                // Lines decoded from one read are handed out one by one; a cancel between them ends the sequence.
                ct.ThrowIfCancellationRequested();
                yield return line;
            }
            output.Clear();
            if (n == 0)
                yield break;
        }
    }

    /// <summary>The last, unterminated line: when it does not parse, the stream was cut inside it.</summary>
    private static T ParseLast<T>(byte[] line, JsonTypeInfo<T> typeInfo, string subject)
    {
        try
        {
            return DockerJson.Parse(line, typeInfo, subject);
        }
        catch (DockerApiException e)
        {
            throw new DockerApiException($"{subject}: the stream from Docker ended inside a message ({line.Length} bytes)", null, e);
        }
    }

    internal static async ValueTask<int> ReadAsync(Stream stream, Memory<byte> buffer, string subject, CancellationToken ct)
    {
        try
        {
            return await stream.ReadAsync(buffer, ct).ConfigureAwait(false);
        }
        catch (Exception e) when ((e is IOException or HttpRequestException or ObjectDisposedException) && !ct.IsCancellationRequested)
        {
            throw new DockerApiException($"{subject}: the stream from Docker broke off: {e.Message}", null, e);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or ObjectDisposedException)
        {
            throw new OperationCanceledException(ct);
        }
    }
}
