using Hiy.Proxy;

namespace Hiy.Tests.Proxy;

public class ForwardingTransformerTests
{
    [Theory]
    [InlineData("192.0.2.1", "blog.hiy.test", "https", "for=192.0.2.1;host=blog.hiy.test;proto=https")]
    [InlineData("2001:db8::1", "blog.hiy.test", "http", "for=\"[2001:db8::1]\";host=blog.hiy.test;proto=http")]
    [InlineData(null, "blog.hiy.test", "http", "for=unknown;host=blog.hiy.test;proto=http")]
    [InlineData("192.0.2.1", "blog.hiy.test:8443", "https", "for=192.0.2.1;host=\"blog.hiy.test:8443\";proto=https")]
    public void Forwarded_Values_Rfc7239Syntax(string? ip, string host, string scheme, string expected) =>
        Assert.Equal(expected, ForwardingTransformer.Forwarded(ip, host, scheme));

    [Theory]
    [InlineData("Forwarded", true)]
    [InlineData("x-forwarded-for", true)]
    [InlineData("X-Forwarded-Prefix", true)]
    [InlineData("X-Real-IP", true)]
    [InlineData("X-Request-Id", true)]
    [InlineData("X-Forward", false)]
    [InlineData("Authorization", false)]
    public void IsForwardingHeader_Name_Matches(string name, bool expected) =>
        Assert.Equal(expected, ForwardingTransformer.IsForwardingHeader(name));

    [Theory]
    [InlineData("abc-123", "abc-123")]
    [InlineData("", null)]
    [InlineData("has space", null)]
    public void RequestId_Incoming_KeptWhenSane(string incoming, string? expected)
    {
        var id = ForwardingTransformer.RequestId(incoming);
        if (expected is null)
            Assert.Matches("^[0-9a-f]{32}$", id);
        else
            Assert.Equal(expected, id);
    }
}
