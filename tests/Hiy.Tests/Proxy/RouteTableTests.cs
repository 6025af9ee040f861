using Hiy.Proxy;

namespace Hiy.Tests.Proxy;

public class RouteTableTests
{
    private static RouteTable Table() => RouteTable.Build(new RouteInputs(
        "Example.com",
        [
            new AppInput("blog", 32001, ["www.blog.org", "Blog.NET."]),
            new AppInput("shop", null),
        ],
        [
            new SiteInput("docs", new Dictionary<string, string> { ["1"] = "/srv/docs/1", ["2"] = "/srv/docs/2" }, "2"),
            new SiteInput("empty", new Dictionary<string, string>(), null),
        ],
        ["pi.lan"]));

    [Theory]
    [InlineData("blog.example.com", RouteKind.App)]
    [InlineData("BLOG.example.com:443", RouteKind.App)]
    [InlineData("www.blog.org", RouteKind.App)]
    [InlineData("blog.net", RouteKind.App)]
    [InlineData("shop.example.com", RouteKind.App)]
    [InlineData("docs.example.com", RouteKind.Site)]
    [InlineData("empty.example.com", RouteKind.Site)]
    [InlineData("nope.example.com", RouteKind.Unknown)]
    [InlineData("example.com", RouteKind.Control)]
    [InlineData("hiy.example.com", RouteKind.Control)]
    [InlineData("api.example.com", RouteKind.Control)]
    [InlineData("hiy.local", RouteKind.Control)]
    [InlineData("pi.lan", RouteKind.Control)]
    [InlineData("192.168.1.20", RouteKind.Control)]
    [InlineData("a.b.example.com", RouteKind.Control)]
    [InlineData("[::1]", RouteKind.Control)]
    [InlineData("127.0.0.1:8080", RouteKind.Control)]
    [InlineData("localhost:8080", RouteKind.Control)]
    [InlineData("", RouteKind.Control)]
    // DNS rebinding (issue 13 item 6): names outside the owner's domain and control_hosts never reach the control plane.
    [InlineData("other.org", RouteKind.Unknown)]
    [InlineData("rebind.attacker.example", RouteKind.Unknown)]
    [InlineData("127.0.0.1.nip.io", RouteKind.Unknown)]
    [InlineData("0x7f.1", RouteKind.Unknown)]
    [InlineData("1.2.3.4.5", RouteKind.Unknown)]
    [InlineData("notexample.com", RouteKind.Unknown)]
    public void Lookup_Host_Kind(string host, RouteKind expected) =>
        Assert.Equal(expected, Table().Lookup(host).Kind);

    [Fact]
    public void Lookup_App_CarriesPort()
    {
        var match = Table().Lookup("www.blog.org");
        Assert.Equal(new AppRoute("blog", 32001), match.App);
    }

    [Fact]
    public void Lookup_AppWithoutContainer_HasNoPort() =>
        Assert.Null(Table().Lookup("shop.example.com").App!.Port);

    [Fact]
    public void Lookup_Site_ActiveDirAndVersions()
    {
        var site = Table().Lookup("docs.example.com").Site!;
        Assert.Equal("/srv/docs/2", site.ActiveDir);
        Assert.Equal(2, site.VersionDirs.Count);
        Assert.Null(Table().Lookup("empty.example.com").Site!.ActiveDir);
    }

    [Fact]
    public void Lookup_Unknown_CarriesLabel() =>
        Assert.Equal("nope", Table().Lookup("nope.example.com").Label);

    [Fact]
    public void Build_DuplicateCustomDomain_FirstByNameWinsAndConflictReported()
    {
        var table = RouteTable.Build(new RouteInputs("example.com",
            [new AppInput("zeta", 2, ["same.org"]), new AppInput("alpha", 1, ["same.org"])], []));
        Assert.Equal("alpha", table.Lookup("same.org").App!.App);
        Assert.Single(table.Conflicts);
    }

    [Fact]
    public void Build_CustomDomainClaimsControlHost_Refused()
    {
        var table = RouteTable.Build(new RouteInputs("example.com", [new AppInput("blog", 1, ["hiy.example.com"])], []));
        Assert.Equal(RouteKind.Control, table.Lookup("hiy.example.com").Kind);
        Assert.Single(table.Conflicts);
    }

    [Fact]
    public void Build_InvalidName_Skipped()
    {
        var table = RouteTable.Build(new RouteInputs("example.com", [new AppInput("Bad_Name", 1)], []));
        Assert.Equal(0, table.Count);
        Assert.Single(table.Conflicts);
    }

    [Fact]
    public void Build_BadPort_TreatedAsNoContainer()
    {
        var table = RouteTable.Build(new RouteInputs("example.com", [new AppInput("blog", 70000)], []));
        Assert.Null(table.Lookup("blog.example.com").App!.Port);
    }

    [Fact]
    public void Holder_Update_SwapsWholeTable()
    {
        var holder = new RouteTableHolder(RouteTable.Empty("example.com"));
        Assert.Equal(RouteKind.Unknown, holder.Current.Lookup("blog.example.com").Kind);
        var old = holder.Update(Table());
        Assert.Equal(0, old.Count);
        Assert.Equal(RouteKind.App, holder.Current.Lookup("blog.example.com").Kind);
    }
}
