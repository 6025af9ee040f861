using Hiy.Proxy;
using Hiy.Runtime;
using Hiy.Store;
using Microsoft.AspNetCore.Http;

namespace Hiy.Tests.Proxy;

public class AppDownTests
{
    [Theory]
    [InlineData(AppStatus.Building, 14L, "Building…", "deploy 14 is building")]
    [InlineData(AppStatus.Failed, 9L, "Deploy failed", "deploy 9 failed")]
    [InlineData(AppStatus.Stopped, null, "Stopped", "is stopped")]
    [InlineData(AppStatus.Created, null, "Not deployed yet", "has no deploy yet")]
    [InlineData(AppStatus.Running, null, "Starting…", "no healthy container this instant")]
    public void DownOf_EachState_PageSaysSo(AppStatus status, long? deploy, string title, string text)
    {
        var (t, detail) = RoutePublisher.DownOf(new AppRecord { Name = "blog", Status = status }, deploy).Describe("blog");

        Assert.Equal(title, t);
        Assert.Contains(text, detail);
        Assert.Contains("'blog'", detail);
    }

    [Fact]
    public void DownOf_Crashed_NamesExitCodeAndDeploy()
    {
        var down = RoutePublisher.DownOf(new AppRecord { Name = "blog", Status = AppStatus.Crashed, CurrentDeployId = 7, LastExitCode = 3 }, null);

        Assert.Equal("The app 'blog' crashed: its container exited with code 3 (deploy 7). Its owner can see why in the app's logs.",
            down.Describe("blog").Detail);
        Assert.Null(down.RetryAfterSeconds);
    }

    [Fact]
    public void DownOf_OomKilled_SaysOutOfMemory() =>
        Assert.Contains("ran out of memory",
            RoutePublisher.DownOf(new AppRecord { Name = "blog", Status = AppStatus.Crashed, CurrentDeployId = 7, LastExitCode = 137, LastOomKilled = true }, null)
                .Describe("blog").Detail);

    [Fact]
    public void Inputs_AppWithoutUpstream_CarriesItsStateIntoTheRouteTable()
    {
        var apps = new[]
        {
            new AppRecord { Name = "blog", Status = AppStatus.Building },
            new AppRecord { Name = "web", Status = AppStatus.Running },
        };
        var inputs = RoutePublisher.Inputs("hiy.test", apps, [], new Dictionary<string, int?> { ["web"] = 32001 },
            (s, v) => $"/sites/{s}/{v}", deployOf: a => a.Name == "blog" ? 14 : null);
        var table = RouteTable.Build(inputs);

        var blog = table.Lookup("blog.hiy.test").App!;
        Assert.Null(blog.Port);
        Assert.Equal(new AppDown(AppDownReason.Building, 14), blog.Down);
        var web = table.Lookup("web.hiy.test").App!;
        Assert.Equal(32001, web.Port);
        Assert.Null(web.Down);
    }

    [Fact]
    public async Task UnavailableAsync_Building_Writes503WithRetryAfterAndTheDeployId()
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();

        await ErrorPages.UnavailableAsync(context, "blog", new AppDown(AppDownReason.Building, 14));

        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal("30", context.Response.Headers.RetryAfter.ToString());
        Assert.StartsWith("text/html", context.Response.ContentType);
        var html = System.Text.Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
        Assert.Contains("<h1>Building…</h1>", html);
        Assert.Contains("deploy 14 is building", html);
        Assert.True(html.Length < 2048, $"the page is {html.Length} bytes");
    }

    [Fact]
    public async Task UnavailableAsync_Failed_NoRetryAfter()
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();

        await ErrorPages.UnavailableAsync(context, "blog", new AppDown(AppDownReason.Failed, 9));

        Assert.Equal(503, context.Response.StatusCode);
        Assert.False(context.Response.Headers.ContainsKey("Retry-After"));
        Assert.Contains("deploy 9 failed", System.Text.Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
    }
}
