using Hiy.Web;

namespace Hiy.Tests.Web;

public class HostSplitTests
{
    [Theory]
    [InlineData("blog.example.com", "example.com", "blog")]
    [InlineData("BLOG.Example.com:443", "example.com", "blog")]
    [InlineData("blog.example.com.", "example.com", "blog")]
    [InlineData("blog.localhost:8080", "localhost", "blog")]
    [InlineData("hiy.example.com", "example.com", null)]
    [InlineData("example.com", "example.com", null)]
    [InlineData("a.b.example.com", "example.com", null)]
    [InlineData("blogexample.com", "example.com", null)]
    [InlineData("192.168.1.20", "example.com", null)]
    [InlineData("[::1]:80", "localhost", null)]
    [InlineData("hiy.local", "example.com", null)]
    [InlineData("", "example.com", null)]
    [InlineData(null, "example.com", null)]
    public void AppLabel_Host_ClassifiedByDomain(string? host, string domain, string? expected) =>
        Assert.Equal(expected, HostSplit.AppLabel(host, domain));
}
