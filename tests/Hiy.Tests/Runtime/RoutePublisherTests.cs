using Hiy.Proxy;
using Hiy.Runtime;
using Hiy.Store;

namespace Hiy.Tests.Runtime;

public class RoutePublisherTests
{
    private static readonly DateTimeOffset T = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static SiteRecord Site(string name, string active) => new(1, name, active, [new SiteVersionRecord(active, 1, 1, T)]);

    private static RouteInputs Inputs(AppRecord[] apps, SiteRecord[] sites) =>
        RoutePublisher.Inputs("hiy.test", apps, sites, new Dictionary<string, int?> { ["web"] = 32001, ["blog"] = 32002 },
            (site, version) => $"/data/sites/{site}/versions/{version}");

    [Fact]
    public void Inputs_StaticApp_GivesItsHostToItsSite()
    {
        var inputs = Inputs([new AppRecord { Name = "blog", StaticVersion = "d7" }, new AppRecord { Name = "web" }], [Site("blog", "d7")]);

        Assert.Equal(["web"], inputs.Apps.Select(a => a.Name));
        var site = Assert.Single(inputs.Sites);
        Assert.Equal("d7", site.ActiveVersion);
        Assert.Equal("/data/sites/blog/versions/d7", site.VersionDirs["d7"]);
        var table = RouteTable.Build(inputs);
        Assert.Empty(table.Conflicts);
        Assert.Equal(RouteKind.Site, table.Lookup("blog.hiy.test").Kind);
    }

    [Fact]
    public void Inputs_AppBackOnAContainer_KeepsItsHostAndItsOldSiteIsNotRouted()
    {
        var inputs = Inputs([new AppRecord { Name = "blog" }], [Site("blog", "d7"), Site("docs", "v1")]);

        var app = Assert.Single(inputs.Apps);
        Assert.Equal(32002, app.UpstreamPort);
        Assert.Equal(["docs"], inputs.Sites.Select(s => s.Name));
        var table = RouteTable.Build(inputs);
        Assert.Empty(table.Conflicts);
        Assert.Equal(RouteKind.App, table.Lookup("blog.hiy.test").Kind);
    }

    private static readonly Dictionary<string, IReadOnlyList<string>> Custom = new(StringComparer.Ordinal)
    {
        ["blog"] = ["www.blog.example", "blog.example"],
        ["web"] = ["www.web.example"],
        ["docs"] = ["docs.example"], // a plain site, not an app: custom domains belong to apps only
    };

    private static RouteInputs InputsWithCustom(AppRecord[] apps, SiteRecord[] sites) =>
        RoutePublisher.Inputs("hiy.test", apps, sites, new Dictionary<string, int?> { ["web"] = 32001, ["blog"] = 32002 },
            (site, version) => $"/data/sites/{site}/versions/{version}", Custom);

    [Fact]
    public void Inputs_CustomDomains_RouteToTheAppsContainer()
    {
        var table = RouteTable.Build(InputsWithCustom([new AppRecord { Name = "blog" }, new AppRecord { Name = "web" }], []));

        Assert.Empty(table.Conflicts);
        var www = table.Lookup("WWW.Blog.Example:443");
        Assert.Equal(RouteKind.App, www.Kind);
        Assert.Equal(("blog", 32002), (www.App!.App, www.App.Port));
        Assert.Equal("blog", table.Lookup("blog.example").App!.App);
        Assert.Equal("web", table.Lookup("www.web.example").App!.App);
        Assert.NotEqual(RouteKind.App, table.Lookup("other.example").Kind);
    }

    [Fact]
    public void Inputs_StaticAppsCustomDomains_FollowItsHostToTheSite()
    {
        var table = RouteTable.Build(InputsWithCustom([new AppRecord { Name = "blog", StaticVersion = "d7" }], [Site("blog", "d7"), Site("docs", "v1")]));

        Assert.Empty(table.Conflicts);
        Assert.Equal(RouteKind.Site, table.Lookup("www.blog.example").Kind);
        Assert.Equal("blog", table.Lookup("www.blog.example").Site!.Site);
        Assert.NotEqual(RouteKind.Site, table.Lookup("docs.example").Kind);
    }
}
