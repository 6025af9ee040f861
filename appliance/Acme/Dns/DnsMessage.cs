using System.Buffers.Binary;
using System.Text;

namespace Hiy.Acme.Dns;

/// <summary>
/// The few pieces of the DNS wire format (RFC 1035 §4) hiy needs: build a one-question query and
/// parse a response, following name compression (§4.1.4). Malformed input throws <see cref="FormatException"/>.
/// </summary>
public static class DnsMessage
{
    public const ushort TypeA = 1;
    public const ushort TypeNs = 2;
    public const ushort TypeCname = 5;
    public const ushort TypeTxt = 16;
    public const ushort TypeAaaa = 28;
    public const ushort ClassIn = 1;
    private const int HeaderLength = 12;
    private const int MaxNameLength = 255; // RFC 1035 §2.3.4
    private const int MaxLabelLength = 63;

    /// <summary>A standard query with recursion desired (RFC 1035 §4.1.1), one question, no EDNS.</summary>
    public static byte[] BuildQuery(ushort id, string name, ushort type = TypeTxt)
    {
        var qname = EncodeName(name);
        var message = new byte[HeaderLength + qname.Length + 4];
        var span = message.AsSpan();
        BinaryPrimitives.WriteUInt16BigEndian(span, id);
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], 0x0100); // QR=0, OPCODE=0, RD=1
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], 1); // QDCOUNT
        qname.CopyTo(span[HeaderLength..]);
        BinaryPrimitives.WriteUInt16BigEndian(span[(HeaderLength + qname.Length)..], type);
        BinaryPrimitives.WriteUInt16BigEndian(span[(HeaderLength + qname.Length + 2)..], ClassIn);
        return message;
    }

    /// <summary>A name as length-prefixed labels ending with the root's zero byte (RFC 1035 §3.1).</summary>
    public static byte[] EncodeName(string name)
    {
        var trimmed = name.TrimEnd('.');
        var bytes = new List<byte>(trimmed.Length + 2);
        if (trimmed.Length > 0)
        {
            foreach (var label in trimmed.Split('.'))
            {
                var raw = Encoding.ASCII.GetBytes(label);
                if (raw.Length is 0 or > MaxLabelLength || label.Any(c => c > 0x7f))
                    throw new FormatException($"dns: '{name}' is not a valid name (label '{label}')");
                bytes.Add((byte)raw.Length);
                bytes.AddRange(raw);
            }
        }
        bytes.Add(0);
        if (bytes.Count > MaxNameLength)
            throw new FormatException($"dns: '{name}' is longer than {MaxNameLength} bytes");
        return bytes.ToArray();
    }

    /// <summary>Parses a response: header, skips the questions, reads every answer record.</summary>
    public static DnsResponse Parse(ReadOnlySpan<byte> message)
    {
        if (message.Length < HeaderLength)
            throw new FormatException($"dns: response of {message.Length} bytes is shorter than a header");
        var id = BinaryPrimitives.ReadUInt16BigEndian(message);
        var flags = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        var qdCount = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        var anCount = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
        var offset = HeaderLength;
        for (var i = 0; i < qdCount; i++)
        {
            ReadName(message, ref offset);
            offset += 4; // QTYPE, QCLASS
        }
        var answers = new List<DnsRecord>(anCount);
        for (var i = 0; i < anCount; i++)
        {
            var name = ReadName(message, ref offset);
            if (offset + 10 > message.Length)
                throw new FormatException("dns: answer record runs past the end of the message");
            var type = BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
            var cls = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]);
            var ttl = BinaryPrimitives.ReadUInt32BigEndian(message[(offset + 4)..]);
            var rdLength = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 8)..]);
            offset += 10;
            if (offset + rdLength > message.Length)
                throw new FormatException("dns: record data runs past the end of the message");
            var rdata = message.Slice(offset, rdLength);
            var record = new DnsRecord(name, type, cls, ttl, type == TypeTxt ? ReadTxt(rdata) : null);
            if (type is TypeNs or TypeCname)
            {
                // The target is a name that may point into the rest of the message (RFC 1035 §4.1.4).
                var targetOffset = offset;
                record = record with { Target = ReadName(message, ref targetOffset) };
            }
            else if ((type == TypeA && rdLength == 4) || (type == TypeAaaa && rdLength == 16))
            {
                record = record with { Address = new System.Net.IPAddress(rdata) };
            }
            answers.Add(record);
            offset += rdLength;
        }
        return new DnsResponse(id, IsResponse: (flags & 0x8000) != 0, Truncated: (flags & 0x0200) != 0,
            ResponseCode: (DnsResponseCode)(flags & 0x000F), answers);
    }

    /// <summary>
    /// Reads a possibly compressed name at <paramref name="offset"/> and moves past it. A pointer
    /// (top two bits set, RFC 1035 §4.1.4) ends the name in place; the rest is read where it points.
    /// </summary>
    public static string ReadName(ReadOnlySpan<byte> message, ref int offset)
    {
        var sb = new StringBuilder();
        var position = offset;
        var jumped = false;
        for (var hops = 0; ; hops++)
        {
            if (position >= message.Length)
                throw new FormatException("dns: name runs past the end of the message");
            if (hops > MaxNameLength)
                throw new FormatException("dns: compression pointers loop");
            int length = message[position];
            if (length == 0)
            {
                if (!jumped)
                    offset = position + 1;
                return sb.ToString();
            }
            switch (length & 0xC0)
            {
                case 0xC0:
                    if (position + 1 >= message.Length)
                        throw new FormatException("dns: truncated compression pointer");
                    if (!jumped)
                        offset = position + 2;
                    jumped = true;
                    position = ((length & 0x3F) << 8) | message[position + 1];
                    continue;
                case 0x00:
                    if (position + 1 + length > message.Length)
                        throw new FormatException("dns: label runs past the end of the message");
                    if (sb.Length > 0)
                        sb.Append('.');
                    sb.Append(Encoding.ASCII.GetString(message.Slice(position + 1, length)));
                    if (sb.Length > MaxNameLength)
                        throw new FormatException("dns: name longer than 255 bytes");
                    position += 1 + length;
                    continue;
                default:
                    throw new FormatException($"dns: unsupported label type 0x{length & 0xC0:x2}");
            }
        }
    }

    /// <summary>TXT RDATA is one or more length-prefixed character-strings (RFC 1035 §3.3.14); joined.</summary>
    private static string ReadTxt(ReadOnlySpan<byte> rdata)
    {
        var sb = new StringBuilder();
        var i = 0;
        while (i < rdata.Length)
        {
            int length = rdata[i];
            if (i + 1 + length > rdata.Length)
                throw new FormatException("dns: TXT character-string runs past its record");
            sb.Append(Encoding.UTF8.GetString(rdata.Slice(i + 1, length)));
            i += 1 + length;
        }
        return sb.ToString();
    }
}
