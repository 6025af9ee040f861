using Hiy.Acme;

namespace Hiy.Tests.Acme;

public sealed class DnsZoneTests
{
    [Theory]
    [InlineData("example.com", "example.com", true)]
    [InlineData("example.com", "*.example.com", true)]
    [InlineData("example.com", "a.b.Example.COM.", true)]
    [InlineData("example.com", "badexample.com", false)]
    [InlineData("example.com", "example.org", false)]
    [InlineData("", "example.com", false)]
    public void Contains_Names_MatchZoneApexAndBelow(string zone, string domain, bool expected)
    {
        Assert.Equal(expected, DnsZone.Contains(zone, domain));
    }

    [Fact]
    public void NamesFor_DomainAndExtras_ApexWildcardThenExtrasWithoutDuplicates()
    {
        Assert.Equal(new[] { "hiy.test", "*.hiy.test", "blog.other.test" },
            CertificateIssuer.NamesFor("Hiy.Test", ["blog.other.test", "HIY.test."]));
    }
}
