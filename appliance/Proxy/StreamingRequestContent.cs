using System.IO.Pipelines;
using System.Net;

namespace Hiy.Proxy;

/// <summary>
/// The client's request body handed to the upstream as it arrives: read from Kestrel's pipe, written to
/// the upstream connection, never collected in memory (Kestrel's pipe bounds what is in flight).
/// While the upload makes progress it keeps re-arming the response-headers timeout, so a big upload
/// to an app that answers only at the end is not mistaken for a hung app.
/// </summary>
internal sealed class StreamingRequestContent(PipeReader source, CancellationToken aborted, CancellationTokenSource headersTimeout, TimeSpan timeout) : HttpContent
{
    private volatile bool _headersReceived;

    /// <summary>Called once the response headers are in: from then on the timeout must stay off.</summary>
    public void HeadersReceived() => _headersReceived = true;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, cancellationToken);
        var ct = linked.Token;
        while (true)
        {
            var result = await source.ReadAsync(ct);
            var buffer = result.Buffer;
            foreach (var segment in buffer)
                await stream.WriteAsync(segment, ct);
            source.AdvanceTo(buffer.End);
            if (!_headersReceived && !buffer.IsEmpty)
            {
                try
                {
                    headersTimeout.CancelAfter(timeout);
                }
                catch (ObjectDisposedException)
                {
                    // The forward already ended; nothing left to time.
                }
            }
            if (result.IsCompleted || result.IsCanceled)
                break;
            // Flush per read so a slow trickle (e.g. a streaming upload) reaches the app promptly.
            await stream.FlushAsync(ct);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        // Content-Length, when the client sent one, is set on Headers by the forwarder.
        length = 0;
        return false;
    }
}
