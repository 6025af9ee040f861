namespace Hiy.Proxy;

/// <summary>
/// The live certificate map. The Acme module builds a new <see cref="CertificateMap"/> off the request
/// path and swaps it in; handshakes read the current one without locks.
/// </summary>
public sealed class CertificateStore
{
    private CertificateMap _current;

    public CertificateStore(CertificateMap initial) => _current = initial;

    public CertificateMap Current => Volatile.Read(ref _current);

    /// <summary>Publishes <paramref name="next"/> and returns the map it replaced.</summary>
    public CertificateMap Update(CertificateMap next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return Interlocked.Exchange(ref _current, next);
    }
}
