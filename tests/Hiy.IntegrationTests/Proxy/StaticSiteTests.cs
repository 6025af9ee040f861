using System.IO.Compression;
using System.Net;

namespace Hiy.Tests.Proxy;

[Collection("proxy")]
public class StaticSiteTests(ProxyFixture fixture)
{
    private HttpClient Client() => fixture.Plain.Client();

    [Theory]
    [InlineData("/", "version two")]
    [InlineData("/index.html", "version two")]
    [InlineData("/sub/", "sub")]
    [InlineData("/v/1/", "version one")]
    [InlineData("/v/2/", "version two")]
    [InlineData("/alias.html", "version two")]
    public async Task Get_Path_ServesActiveOrVersionedFile(string path, string expected)
    {
        using var client = Client();
        using var response = await client.GetAsync("http://docs.hiy.test" + path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/sub", "/sub/")]
    [InlineData("/v/1", "/v/1/")]
    [InlineData("/sub?x=1", "/sub/?x=1")]
    public async Task Get_DirectoryWithoutSlash_Redirects(string path, string location)
    {
        using var client = Client();
        using var response = await client.GetAsync("http://docs.hiy.test" + path);
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(location, response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/../secret.txt")]
    [InlineData("/../../secret.txt")]
    [InlineData("/%2e%2e/secret.txt")]
    [InlineData("/%2e%2e%2fsecret.txt")]
    [InlineData("/..%2f..%2fsecret.txt")]
    [InlineData("/..%5csecret.txt")]
    [InlineData("/..\\secret.txt")]
    [InlineData("/%252e%252e/secret.txt")]
    [InlineData("/v/2/../../secret.txt")]
    [InlineData("/leak.txt")]
    [InlineData("/leakdir/also-secret.txt")]
    [InlineData("/nolisting/")]
    [InlineData("/missing.html")]
    [InlineData("/v/9/")]
    public async Task Get_EscapeOrMissing_404(string target)
    {
        var (status, text) = await RawHttp.SendAsync(fixture.Plain.HttpPort, "docs.hiy.test", target);
        Assert.Equal(404, status);
        Assert.DoesNotContain("TOP SECRET", text);
    }

    [Fact]
    public async Task Get_EncodedNul_RejectedByKestrelBeforeTheSite()
    {
        var (status, text) = await RawHttp.SendAsync(fixture.Plain.HttpPort, "docs.hiy.test", "/index.html%00.txt");
        Assert.Equal(400, status);
        Assert.DoesNotContain("version two", text);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Get_CompressibleWithAcceptEncoding_Compressed(string encoding)
    {
        using var client = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://docs.hiy.test/site.css");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", encoding == "br" ? "gzip, deflate, br" : "gzip");
        using var response = await client.SendAsync(request);
        Assert.Equal(encoding, response.Content.Headers.ContentEncoding.Single());
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        await using var raw = await response.Content.ReadAsStreamAsync();
        await using Stream decoded = encoding == "br" ? new BrotliStream(raw, CompressionMode.Decompress) : new GZipStream(raw, CompressionMode.Decompress);
        using var reader = new StreamReader(decoded);
        var css = await reader.ReadToEndAsync();
        Assert.Equal(string.Concat(Enumerable.Repeat(StaticSiteFiles.Css, 200)), css);
    }

    [Fact]
    public async Task Get_NoAcceptEncoding_Identity()
    {
        using var client = Client();
        using var response = await client.GetAsync("http://docs.hiy.test/site.css");
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal("text/css", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(StaticSiteFiles.Css.Length * 200, response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Get_IfNoneMatch_304()
    {
        using var client = Client();
        using var first = await client.GetAsync("http://docs.hiy.test/index.html");
        var etag = first.Headers.ETag!;
        Assert.NotNull(first.Content.Headers.LastModified);
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://docs.hiy.test/index.html");
        request.Headers.IfNoneMatch.Add(etag);
        using var second = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_IfModifiedSince_304()
    {
        using var client = Client();
        using var first = await client.GetAsync("http://docs.hiy.test/index.html");
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://docs.hiy.test/index.html");
        request.Headers.IfModifiedSince = first.Content.Headers.LastModified;
        using var second = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task Get_Range_206WithThatSlice()
    {
        using var client = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://docs.hiy.test/index.html");
        request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(4, 10);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("version", await response.Content.ReadAsStringAsync());
        Assert.Equal("bytes 4-10/20", response.Content.Headers.ContentRange!.ToString());
    }

    [Fact]
    public async Task Get_RangePastEnd_416()
    {
        var (status, text) = await RawHttp.SendAsync(fixture.Plain.HttpPort, "docs.hiy.test", "/index.html", "Range: bytes=500-\r\n");
        Assert.Equal(416, status);
        Assert.Contains("Content-Range: bytes */20", text);
    }

    [Fact]
    public async Task Post_Site_405()
    {
        using var client = Client();
        using var response = await client.PostAsync("http://docs.hiy.test/", new StringContent("x"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
