using System.Net;
using Hiy.Proxy;
using Hiy.Web;

namespace Hiy.Tests.Web;

public class RequestTargetTests
{
    [Theory]
    [InlineData("/api/v1/apps/x/env/..", true)]
    [InlineData("/api/v1/sites/s/versions/%2e%2e", true)]
    [InlineData("/api/v1/sites/s/versions/%2E.", true)]
    [InlineData("/api/v1/apps/./x", true)]
    [InlineData("/api/v1/apps/x/env/KEY?next=/..", false)]
    [InlineData("/api/v1/sites/s/versions/1.0", false)]
    [InlineData("/api/v1/sites/s/versions/...", false)]
    [InlineData("/api/v1/sites/s/versions/%252e%252e", false)]
    [InlineData("", false)]
    public void HasDotSegment_Target_Decided(string target, bool expected) =>
        Assert.Equal(expected, RequestTarget.HasDotSegment(target));

    [Theory]
    [InlineData("//evil.example/", "/evil.example/")]
    [InlineData("/\\evil.example/", "/evil.example/")]
    [InlineData("///a//", "/a//")]
    [InlineData("/docs/", "/docs/")]
    [InlineData("/", "/")]
    public void SameHost_Location_StaysOnThisHost(string location, string expected) =>
        Assert.Equal(expected, StaticSiteServer.SameHost(location));

    [Fact]
    public async Task DotSegmentPaths_Delete_400AndNothingDeleted()
    {
        await using var h = await ApiHost.StartAsync();
        await h.SetupAsync();
        Assert.Equal(HttpStatusCode.Created, (await h.Client.PostAsync("/api/v1/apps", ApiHost.Json("""{"name":"keep"}"""))).StatusCode);
        foreach (var target in new[] { "/api/v1/apps/keep/env/..", "/api/v1/apps/keep/env/%2e%2e", "/api/v1/apps/keep/env/%2E%2E/" })
        {
            var reply = await RawHttp.SendAsync(h.BaseAddress.Port,
                $"DELETE {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {h.Client.DefaultRequestHeaders.Authorization}\r\nConnection: close\r\n\r\n");
            Assert.True(reply.Status == 400, $"{target}: {reply}");
        }
        Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync("/api/v1/apps/keep")).StatusCode);
    }

    [Fact]
    public async Task StaticSite_DoubleSlashFolder_RedirectStaysOnTheHost()
    {
        await using var h = await ApiHost.StartAsync();
        await h.SetupAsync();
        var ms = new MemoryStream();
        using (var gz = new System.IO.Compression.GZipStream(ms, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new System.Formats.Tar.TarWriter(gz, System.Formats.Tar.TarEntryFormat.Pax, leaveOpen: true))
        {
            tar.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "index.html") { DataStream = new MemoryStream("hi"u8.ToArray()) });
            tar.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "evil.example/index.html") { DataStream = new MemoryStream("x"u8.ToArray()) });
        }
        var body = new ByteArrayContent(ms.ToArray());
        body.Headers.ContentType = new("application/gzip");
        Assert.Equal(HttpStatusCode.Created, (await h.Client.PutAsync("/api/v1/sites/docs/versions/1", body)).StatusCode);
        var reply = await RawHttp.SendAsync(h.BaseAddress.Port, "GET //evil.example HTTP/1.1\r\nHost: docs.example.com\r\nConnection: close\r\n\r\n");
        Assert.True(reply.Status == 301, reply.ToString());
        Assert.Contains("Location: /evil.example/", reply.Head);
    }
}
