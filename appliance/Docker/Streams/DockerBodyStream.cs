namespace Hiy.Docker.Streams;

/// <summary>
/// The body of a streamed answer as the client hands it on. Each read may wait at most <c>idle</c> (when given) for
/// bytes, so a hung engine ends a stream that should keep flowing with a <see cref="DockerApiException"/> instead of
/// a wait without end; and a connection that breaks off tells the client (<c>onBroken</c>), which then negotiates the
/// API version afresh, as the engine may have been restarted or replaced.
/// </summary>
internal sealed class DockerBodyStream(Stream inner, string subject, TimeSpan? idle, TimeProvider time, Action onBroken) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (idle is not { } limit)
            return await ReadOrReportAsync(buffer, cancellationToken).ConfigureAwait(false);
        using var timer = new CancellationTokenSource(limit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            return await ReadOrReportAsync(buffer, linked.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested
                                  && e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            throw new DockerApiException($"{subject}: nothing from Docker for {DockerDeadline.Seconds(limit)} s", null, e);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Sync reads (a tar reader may use them) go through the async path so the idle limit holds for them too.
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }

    private async ValueTask<int> ReadOrReportAsync(Memory<byte> buffer, CancellationToken ct)
    {
        try
        {
            return await inner.ReadAsync(buffer, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException && !ct.IsCancellationRequested)
        {
            onBroken();
            throw;
        }
    }
}
