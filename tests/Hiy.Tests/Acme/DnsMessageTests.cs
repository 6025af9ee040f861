using System.Text;
using Hiy.Acme.Dns;

namespace Hiy.Tests.Acme;

public sealed class DnsMessageTests
{
    [Fact]
    public void BuildQuery_TxtQuestion_MatchesRfc1035Layout()
    {
        var query = DnsMessage.BuildQuery(0xBEEF, "_acme-challenge.Example.test.");

        byte[] expected =
        [
            0xBE, 0xEF, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // id, RD, QDCOUNT=1
            15, .. "_acme-challenge"u8, 7, .. "Example"u8, 4, .. "test"u8, 0,
            0x00, 0x10, 0x00, 0x01, // TXT, IN
        ];
        Assert.Equal(expected, query);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a..b")]
    [InlineData("bücher.test")]
    public void EncodeName_InvalidName_Throws(string name)
    {
        if (name.Length == 0)
            Assert.Equal(new byte[] { 0 }, DnsMessage.EncodeName(name)); // the root is fine
        else
            Assert.Throws<FormatException>(() => DnsMessage.EncodeName(name));
    }

    [Fact]
    public void EncodeName_LabelOver63Bytes_Throws()
    {
        Assert.Throws<FormatException>(() => DnsMessage.EncodeName(new string('a', 64) + ".test"));
    }

    [Fact]
    public void Parse_ResponseWithCompressedNames_ReadsEveryTxtRecord()
    {
        var response = DnsMessage.Parse(SampleResponse());

        Assert.Equal(0x1234, response.Id);
        Assert.True(response.IsResponse);
        Assert.False(response.Truncated);
        Assert.Equal(DnsResponseCode.NoError, response.ResponseCode);
        Assert.Equal(2, response.Answers.Count);
        Assert.Equal("_acme-challenge.example.test", response.Answers[0].Name);
        Assert.Equal(60u, response.Answers[0].Ttl);
        Assert.Equal("x.example.test", response.Answers[1].Name);
        Assert.Equal(new[] { "helloworld", "abc" }, response.TxtValues);
    }

    [Fact]
    public void Parse_NxDomain_ReportsNameError()
    {
        var message = SampleResponse();
        message[3] = 0x83; // RA + RCODE 3
        message[7] = 0; // no answers

        var response = DnsMessage.Parse(message);

        Assert.Equal(DnsResponseCode.NameError, response.ResponseCode);
        Assert.Empty(response.TxtValues);
    }

    [Fact]
    public void ReadName_PointerLoop_Throws()
    {
        byte[] message = [.. new byte[12], 0xC0, 12];
        var offset = 12;

        Assert.Throws<FormatException>(() => DnsMessage.ReadName(message, ref offset));
    }

    [Theory]
    [InlineData(new byte[] { 1, (byte)'a', 0 }, "a", 3)]
    [InlineData(new byte[] { 0 }, "", 1)]
    [InlineData(new byte[] { 1, (byte)'b', 0xC0, 5, 0xFF, 1, (byte)'c', 0 }, "b.c", 4)] // pointer skips a byte
    public void ReadName_Cases_ReadNameAndAdvance(byte[] message, string expected, int expectedOffset)
    {
        var offset = 0;

        Assert.Equal(expected, DnsMessage.ReadName(message, ref offset));
        Assert.Equal(expectedOffset, offset);
    }

    [Fact]
    public void Parse_TruncatedRecord_Throws()
    {
        var message = SampleResponse();

        Assert.Throws<FormatException>(() => DnsMessage.Parse(message.AsSpan(0, message.Length - 2)));
    }

    /// <summary>Question _acme-challenge.example.test TXT; answer 1 names it by pointer (0xC00C) and has
    /// two character-strings; answer 2 is "x" + a pointer into the middle of the question name.</summary>
    private static byte[] SampleResponse()
    {
        var m = new List<byte> { 0x12, 0x34, 0x81, 0x80, 0, 1, 0, 2, 0, 0, 0, 0 };
        m.AddRange(DnsMessage.EncodeName("_acme-challenge.example.test")); // starts at 12; "example" at 28
        m.AddRange([0, 16, 0, 1]);
        m.AddRange([0xC0, 12, 0, 16, 0, 1, 0, 0, 0, 60, 0, 12, 5]);
        m.AddRange(Encoding.ASCII.GetBytes("hello"));
        m.Add(5);
        m.AddRange(Encoding.ASCII.GetBytes("world"));
        m.AddRange([1, (byte)'x', 0xC0, 28, 0, 16, 0, 1, 0, 0, 0, 30, 0, 4, 3]);
        m.AddRange(Encoding.ASCII.GetBytes("abc"));
        return m.ToArray();
    }
}
