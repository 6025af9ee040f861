using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Hiy.Proxy;
using Microsoft.AspNetCore.Http;

namespace Hiy.Tests.Proxy;

public partial class ErrorPagesTests
{
    [GeneratedRegex("<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleBlock();

    private static async Task<(HttpContext Context, string Html)> WriteAsync(Func<HttpContext, Task> write)
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        await write(context);
        return (context, Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
    }

    [Theory]
    [InlineData(404)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task WriteAsync_AnyStatus_CspAllowsExactlyThePagesOwnStyleAndNoScript(int status)
    {
        var (context, html) = await WriteAsync(c => ErrorPages.WriteAsync(c, status, "Title", "Detail"));

        var csp = context.Response.Headers.ContentSecurityPolicy.ToString();
        var style = StyleBlock().Match(html);
        Assert.True(style.Success, html);
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style.Groups[1].Value)));
        Assert.Contains($"style-src 'sha256-{hash}'", csp);
        Assert.Contains("default-src 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("<script", html);
        Assert.Equal("nosniff", context.Response.Headers.XContentTypeOptions.ToString());
        Assert.Equal(status, context.Response.StatusCode);
    }

    [Fact]
    public void Render_TitleAndDetail_HtmlEncodedInTheDashboardsCard()
    {
        var html = ErrorPages.Render(502, "<b>Bad</b>", "app 'a&b' broke \"it\"");

        Assert.Contains("<h1>&lt;b&gt;Bad&lt;/b&gt;</h1>", html);
        Assert.Contains("app &#39;a&amp;b&#39; broke &quot;it&quot;", html);
        Assert.Contains("<span class=\"brand\">hiy</span>", html);
        Assert.Contains("<div class=\"card\">", html);
        Assert.Contains("502 · served by hiy", html);
    }

    [Fact]
    public void Stylesheet_DashboardPalette_SameColoursAsStyleCss()
    {
        // The dashboard's stylesheet is embedded in the binary: the error page must use its very colours.
        using var stream = typeof(ErrorPages).Assembly.GetManifestResourceStream("Hiy.Web.Dashboard.style.css")!;
        using var reader = new StreamReader(stream);
        var dashboard = reader.ReadToEnd();
        foreach (var variable in new[] { "--fg", "--muted", "--bg", "--line", "--accent" })
        {
            var value = Regex.Match(dashboard, Regex.Escape(variable) + @":\s*(#[0-9a-fA-F]+);").Groups[1].Value;
            Assert.False(string.IsNullOrEmpty(value), variable);
            Assert.Contains($"{variable}:{value};", ErrorPages.Stylesheet);
        }
    }
}
