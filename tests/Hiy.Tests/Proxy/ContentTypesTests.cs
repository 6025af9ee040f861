using Hiy.Proxy;

namespace Hiy.Tests.Proxy;

public class ContentTypesTests
{
    [Theory]
    [InlineData("index.html", "text/html; charset=utf-8", true)]
    [InlineData("A.CSS", "text/css; charset=utf-8", true)]
    [InlineData("app.js", "text/javascript; charset=utf-8", true)]
    [InlineData("data.json", "application/json", true)]
    [InlineData("logo.svg", "image/svg+xml", true)]
    [InlineData("photo.jpg", "image/jpeg", false)]
    [InlineData("font.woff2", "font/woff2", false)]
    [InlineData("mod.wasm", "application/wasm", true)]
    [InlineData("noext", "application/octet-stream", false)]
    [InlineData("x.unknown", "application/octet-stream", false)]
    public void For_Path_TypeAndCompressible(string path, string type, bool compressible) =>
        Assert.Equal((type, compressible), ContentTypes.For(path));

    [Theory]
    [InlineData("gzip, deflate, br", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("br;q=0, gzip", "gzip")]
    [InlineData("gzip;q=0.5, br;q=0.4", "gzip")]
    [InlineData("*", "br")]
    [InlineData("identity", null)]
    [InlineData("", null)]
    [InlineData("gzip;q=0", null)]
    public void AcceptEncoding_Choose_PrefersBrotli(string header, string? expected) =>
        Assert.Equal(expected, AcceptEncoding.Choose(header));
}
