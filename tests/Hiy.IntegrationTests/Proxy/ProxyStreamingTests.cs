using System.Net;

namespace Hiy.Tests.Proxy;

/// <summary>
/// 100 MB each way through the proxy, with the process's managed heap sampled throughout: a buffering
/// proxy would hold the whole body at once, so its peak would grow by ~100 MB.
/// </summary>
[Collection("proxy")]
public class ProxyStreamingTests(ProxyFixture fixture)
{
    private const long Size = 100L * 1024 * 1024;
    private const long AllowedGrowth = 32L * 1024 * 1024;

    [Fact]
    public async Task Upload_100MB_StreamedWithFlatMemory()
    {
        using var client = fixture.Plain.Client();
        using var sampler = new HeapSampler();
        using var response = await client.PostAsync("http://blog.hiy.test/upload", new GeneratedContent(Size));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Size.ToString(System.Globalization.CultureInfo.InvariantCulture), await response.Content.ReadAsStringAsync());
        Assert.True(sampler.PeakGrowth < AllowedGrowth, $"managed heap grew by {sampler.PeakGrowth / 1024 / 1024} MB");
    }

    [Fact]
    public async Task Download_100MB_StreamedWithFlatMemory()
    {
        using var client = fixture.Plain.Client();
        using var sampler = new HeapSampler();
        using var response = await client.GetAsync("http://blog.hiy.test/download?mb=100", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
            total += read;
        Assert.Equal(Size, total);
        Assert.True(sampler.PeakGrowth < AllowedGrowth, $"managed heap grew by {sampler.PeakGrowth / 1024 / 1024} MB");
    }

    [Fact]
    public async Task Upload_SlowerThanActivityTimeout_NotCutOffWhileProgressing()
    {
        // The fixture's activity timeout is 1 s; this upload trickles for ~2 s (a chunk every 200 ms) and the app answers at the end.
        using var client = fixture.Plain.Client();
        using var response = await client.PostAsync("http://blog.hiy.test/upload", new TrickleContent(10, TimeSpan.FromMilliseconds(200)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("10240", await response.Content.ReadAsStringAsync());
    }

    private sealed class TrickleContent(int chunks, TimeSpan pause) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var i = 0; i < chunks; i++)
            {
                await stream.WriteAsync(new byte[1024]);
                await stream.FlushAsync();
                await Task.Delay(pause);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    /// <summary>Writes <c>length</c> bytes in 64 KB chunks without ever holding more than one chunk.</summary>
    private sealed class GeneratedContent(long length) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var chunk = new byte[64 * 1024];
            for (long sent = 0; sent < length; sent += chunk.Length)
                await stream.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, length - sent)));
        }

        protected override bool TryComputeLength(out long result)
        {
            result = length;
            return true;
        }
    }

    private sealed class HeapSampler : IDisposable
    {
        private readonly long _baseline;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private long _peak;

        public HeapSampler()
        {
            _baseline = GC.GetTotalMemory(forceFullCollection: true);
            _peak = _baseline;
            _loop = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    // A full collection per sample: the peak of live bytes, not of garbage awaiting a GC.
                    var now = GC.GetTotalMemory(forceFullCollection: true);
                    if (now > Interlocked.Read(ref _peak))
                        Interlocked.Exchange(ref _peak, now);
                    try { await Task.Delay(40, _stop.Token); } catch (OperationCanceledException) { }
                }
            });
        }

        public long PeakGrowth => Interlocked.Read(ref _peak) - _baseline;

        public void Dispose()
        {
            _stop.Cancel();
            _loop.Wait();
            _stop.Dispose();
        }
    }
}
