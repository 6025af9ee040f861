namespace Hiy.Proxy;

/// <summary>
/// The live route table. Writers build a new <see cref="RouteTable"/> and swap it in whole; readers take
/// one snapshot per request with no lock, so a request never sees half an update.
/// </summary>
public sealed class RouteTableHolder
{
    private RouteTable _current;

    public RouteTableHolder(RouteTable initial) => _current = initial;

    public RouteTable Current => Volatile.Read(ref _current);

    /// <summary>Publishes <paramref name="next"/> and returns the table it replaced.</summary>
    public RouteTable Update(RouteTable next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return Interlocked.Exchange(ref _current, next);
    }
}
