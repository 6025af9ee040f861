using Hiy.Core;

namespace Hiy.Tests.Core;

public class DomainNameTests
{
    private const string Own = "hiy.example.com";

    [Theory]
    [InlineData("www.example.org", "www.example.org")]
    [InlineData("  WWW.Example.ORG.  ", "www.example.org")]
    [InlineData("example.org", "example.org")]
    [InlineData("a-b.c-d.example", "a-b.c-d.example")]
    [InlineData("bücher.example", "xn--bcher-kva.example")]
    [InlineData("BÜCHER.example", "xn--bcher-kva.example")]
    [InlineData("xn--bcher-kva.example", "xn--bcher-kva.example")]
    [InlineData("example.com", "example.com")] // the appliance's parent is not under it
    [InlineData("otherhiy.example.com", "otherhiy.example.com")] // a suffix match needs the dot
    [InlineData("123.example.org", "123.example.org")]
    public void CheckCustom_ValidName_ReturnsNullAndStoredForm(string raw, string stored)
    {
        Assert.Null(DomainName.CheckCustom(raw, Own, out var name));
        Assert.Equal(stored, name);
    }

    [Theory]
    [InlineData(null, "is required")]
    [InlineData("   ", "is required")]
    [InlineData(".", "is required")]
    [InlineData("*.example.org", "wildcard")]
    [InlineData("www.*.example.org", "wildcard")]
    [InlineData("https://www.example.org", "without scheme")]
    [InlineData("www.example.org:8443", "without scheme")]
    [InlineData("www.example.org/path", "without scheme")]
    [InlineData("localhost", "fully qualified")]
    [InlineData("org", "fully qualified")]
    [InlineData("192.168.1.10", "IP address")]
    [InlineData("-www.example.org", "not a valid host name")]
    [InlineData("www-.example.org", "not a valid host name")]
    [InlineData("www..example.org", "not a valid host name")]
    [InlineData("under_score.example.org", "not a valid host name")]
    [InlineData("sp ace.example.org", "not a valid host name")]
    [InlineData("ab--cd.example.org", "3rd and 4th position")]
    [InlineData("xn--.example.org", "punycode")]
    [InlineData("xn--abc-.example.org", "punycode")]
    [InlineData("hiy.example.com", "under the appliance's own domain")]
    [InlineData("blog.hiy.example.com", "under the appliance's own domain")]
    [InlineData("BLOG.HIY.EXAMPLE.COM.", "under the appliance's own domain")]
    [InlineData("hiy.local", "local-only")]
    [InlineData("printer.local", "local-only")]
    [InlineData("app.localhost", "local-only")]
    public void CheckCustom_BadName_SaysWhy(string? raw, string reason)
    {
        var why = DomainName.CheckCustom(raw, Own, out var name);
        Assert.NotNull(why);
        Assert.Contains(reason, why, StringComparison.Ordinal);
        Assert.Equal("", name);
    }

    [Fact]
    public void CheckCustom_LabelOf64_IsRejected()
    {
        Assert.Contains("longer than 63", DomainName.CheckCustom(new string('a', 64) + ".example.org", Own, out _));
        Assert.Null(DomainName.CheckCustom(new string('a', 63) + ".example.org", Own, out _));
    }

    [Fact]
    public void CheckCustom_NameOver253_IsRejected()
    {
        var label = new string('a', 62);
        var name = string.Join('.', Enumerable.Repeat(label, 4)) + ".org"; // 4×63 + 3 = 255 characters
        Assert.Contains("253", DomainName.CheckCustom(name, Own, out _));
    }

    [Fact]
    public void CheckCustom_NoApplianceDomainYet_OnlyTheNameRulesApply()
    {
        Assert.Null(DomainName.CheckCustom("blog.hiy.example.com", null, out var name));
        Assert.Equal("blog.hiy.example.com", name);
    }
}
