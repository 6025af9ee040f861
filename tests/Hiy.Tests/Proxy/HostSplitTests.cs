using Hiy.Proxy;

namespace Hiy.Tests.Proxy;

public class HostSplitTests
{
    [Theory]
    [InlineData("Blog.Example.COM", "blog.example.com")]
    [InlineData("blog.example.com:8443", "blog.example.com")]
    [InlineData("blog.example.com.", "blog.example.com")]
    [InlineData("blog.example.com.:80", "blog.example.com")]
    [InlineData("[::1]:8080", "[::1]")]
    [InlineData("192.168.1.5:80", "192.168.1.5")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Normalize_Header_IsRouteKey(string? header, string expected) =>
        Assert.Equal(expected, HostSplit.Normalize(header));

    [Theory]
    [InlineData("blog.example.com", "example.com", "blog")]
    [InlineData("a.b.example.com", "example.com", null)]
    [InlineData("example.com", "example.com", null)]
    [InlineData("blogexample.com", "example.com", null)]
    [InlineData("blog.other.com", "example.com", null)]
    [InlineData("x.localhost", "localhost", "x")]
    public void LabelUnder_Host_OneLabelOnly(string host, string domain, string? expected) =>
        Assert.Equal(expected, HostSplit.LabelUnder(host, domain));
}
