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
}
