using System.Collections.Concurrent;
using System.Threading.Channels;
using Hiy.Store;

namespace Hiy.Runtime;

/// <summary>
/// Fans new log lines out to live followers (the logs SSE endpoint). A follower that cannot keep up
/// loses its oldest unread lines rather than slowing the collector down.
/// </summary>
public sealed class LogHub
{
    private const int FollowerBuffer = 2000;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Channel<LogLine>, byte>> _followers = new(StringComparer.Ordinal);

    public void Publish(string app, LogLine line)
    {
        if (!_followers.TryGetValue(app, out var set))
            return;
        foreach (var channel in set.Keys)
            channel.Writer.TryWrite(line);
    }

    /// <summary>Follows <paramref name="app"/> until the subscription is disposed.</summary>
    public Subscription Follow(string app)
    {
        var channel = Channel.CreateBounded<LogLine>(new BoundedChannelOptions(FollowerBuffer)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        _followers.GetOrAdd(app, _ => new()).TryAdd(channel, 0);
        return new Subscription(channel.Reader, () =>
        {
            if (_followers.TryGetValue(app, out var set))
                set.TryRemove(channel, out _);
            channel.Writer.TryComplete();
        });
    }

    public sealed class Subscription(ChannelReader<LogLine> reader, Action dispose) : IDisposable
    {
        public ChannelReader<LogLine> Reader { get; } = reader;
        public void Dispose() => dispose();
    }
}
