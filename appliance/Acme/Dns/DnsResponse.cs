namespace Hiy.Acme.Dns;

/// <summary>A parsed DNS response: header facts and the answer section.</summary>
public sealed record DnsResponse(ushort Id, bool IsResponse, bool Truncated, DnsResponseCode ResponseCode, IReadOnlyList<DnsRecord> Answers)
{
    /// <summary>The TXT values among the answers (a CNAME chain's target included).</summary>
    public IReadOnlyList<string> TxtValues => Answers.Where(a => a.Txt is not null).Select(a => a.Txt!).ToArray();
}

/// <summary>One resource record; <see cref="Txt"/> is set for TXT records (character-strings joined),
/// <see cref="Target"/> for NS and CNAME, <see cref="Address"/> for A and AAAA.</summary>
public sealed record DnsRecord(string Name, ushort Type, ushort Class, uint Ttl, string? Txt)
{
    public string? Target { get; init; }
    public System.Net.IPAddress? Address { get; init; }
}

/// <summary>RCODE (RFC 1035 §4.1.1).</summary>
public enum DnsResponseCode
{
    NoError = 0,
    FormatError = 1,
    ServerFailure = 2,
    NameError = 3,
    NotImplemented = 4,
    Refused = 5,
}
