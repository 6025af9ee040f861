using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Hiy.Tests.Web.Api;

public class SitesApiTests
{
    private static ByteArrayContent TarGz(params (string Name, string? Content, TarEntryType Type, string? Link)[] entries)
    {
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gz, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content, type, link) in entries)
            {
                var e = new PaxTarEntry(type, name);
                if (content is not null)
                    e.DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content));
                if (link is not null)
                    e.LinkName = link;
                tar.WriteEntry(e);
            }
        }
        var body = new ByteArrayContent(ms.ToArray());
        body.Headers.ContentType = new("application/gzip");
        return body;
    }

    private static ByteArrayContent Site(string body) =>
        TarGz(("./index.html", body, TarEntryType.RegularFile, null), ("./css/site.css", "body{}", TarEntryType.RegularFile, null));

    private static async Task<(HttpStatusCode, string)> GetAsync(Web.ApiHost h, string host, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;
        using var r = await h.Client.SendAsync(request);
        return (r.StatusCode, (await r.Content.ReadAsStringAsync()).Trim());
    }

    [Fact]
    public async Task Versions_UploadActivateAndServe_EveryVersionUnderV()
    {
        await using var h = await Web.ApiHost.StartAsync();
        await h.SetupAsync();
        Assert.Equal(HttpStatusCode.Created, (await h.Client.PutAsync("/api/v1/sites/docs/versions/1.0", Site("one"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await h.Client.PutAsync("/api/v1/sites/docs/versions/2.0", Site("two"))).StatusCode);
        // The first version went live on upload; the second waits for activation.
        Assert.Equal((HttpStatusCode.OK, "one"), await GetAsync(h, "docs.example.com", "/"));
        Assert.Equal((HttpStatusCode.OK, "two"), await GetAsync(h, "docs.example.com", "/v/2.0/"));
        var activate = await h.Client.PostAsync("/api/v1/sites/docs/active", Web.ApiHost.Json("""{"version":"2.0"}"""));
        Assert.Equal(HttpStatusCode.OK, activate.StatusCode);
        Assert.Equal((HttpStatusCode.OK, "two"), await GetAsync(h, "docs.example.com", "/"));
        Assert.Equal((HttpStatusCode.OK, "one"), await GetAsync(h, "docs.example.com", "/v/1.0/"));

        var list = JsonDocument.Parse(await h.Client.GetStringAsync("/api/v1/sites")).RootElement.GetProperty("sites")[0];
        Assert.Equal("2.0", list.GetProperty("active_version").GetString());
        Assert.Equal(2, list.GetProperty("versions").GetArrayLength());

        await Web.ApiHost.ProblemAsync(await h.Client.PutAsync("/api/v1/sites/docs/versions/1.0", Site("again")), 409);
        await Web.ApiHost.ProblemAsync(await h.Client.DeleteAsync("/api/v1/sites/docs/versions/2.0"), 409);
        Assert.Equal(HttpStatusCode.NoContent, (await h.Client.DeleteAsync("/api/v1/sites/docs/versions/1.0")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(h, "docs.example.com", "/v/1.0/")).Item1);
        await Web.ApiHost.ProblemAsync(await h.Client.PostAsync("/api/v1/apps", Web.ApiHost.Json("""{"name":"docs"}""")), 409);
        Assert.Equal(HttpStatusCode.NoContent, (await h.Client.DeleteAsync("/api/v1/sites/docs")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(h, "docs.example.com", "/")).Item1);
    }

    [Theory]
    [InlineData("../escape.html", null, TarEntryType.RegularFile)]
    [InlineData("/etc/passwd", null, TarEntryType.RegularFile)]
    [InlineData("a/../../escape.html", null, TarEntryType.RegularFile)]
    [InlineData("link", "/etc/passwd", TarEntryType.SymbolicLink)]
    [InlineData("hard", "/etc/passwd", TarEntryType.HardLink)]
    public async Task Upload_EscapingOrLinkEntry_Is400AndNothingIsKept(string name, string? link, TarEntryType type)
    {
        await using var h = await Web.ApiHost.StartAsync();
        await h.SetupAsync();
        var body = TarGz(("index.html", "ok", TarEntryType.RegularFile, null), (name, type == TarEntryType.RegularFile ? "x" : null, type, link));
        await Web.ApiHost.ProblemAsync(await h.Client.PutAsync("/api/v1/sites/evil/versions/1", body), 400);
        await Web.ApiHost.ProblemAsync(await h.Client.GetAsync("/api/v1/sites/evil"), 404);
        Assert.False(Directory.Exists(Path.Combine(h.DataDir, "sites", "evil", "versions", "1")));
        Assert.False(File.Exists(Path.Combine(h.DataDir, "sites", "evil", "versions", "escape.html")));
    }

    [Theory]
    [InlineData("Bad_Name", "1")]
    [InlineData("docs", "..")]
    [InlineData("docs", "a b")]
    public async Task Upload_BadNames_Are400(string site, string version)
    {
        await using var h = await Web.ApiHost.StartAsync();
        await h.SetupAsync();
        var r = await h.Client.PutAsync($"/api/v1/sites/{Uri.EscapeDataString(site)}/versions/{Uri.EscapeDataString(version)}", Site("x"));
        Assert.True(r.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{(int)r.StatusCode}");
    }

    [Fact]
    public async Task Upload_NotGzip_Is400()
    {
        await using var h = await Web.ApiHost.StartAsync();
        await h.SetupAsync();
        await Web.ApiHost.ProblemAsync(await h.Client.PutAsync("/api/v1/sites/docs/versions/1", new StringContent("plain text")), 400);
    }
}
