using System.Net;
using System.Text;
using System.Text.Json;
using Hiy.Web.Auth;

namespace Hiy.Tests.Dashboard;

/// <summary>
/// The dashboard from the real executable (the native AOT binary under scripts/test.sh): its files come out of
/// the binary's resources and a session works end to end, so trimming and AOT have kept both.
/// </summary>
public class DashboardServeTests
{
    [Fact]
    public async Task Serve_DashboardFilesFromTheBinary_SessionCookieAndCsrfWork()
    {
        using var dir = new TempDir();
        var port = HiyProcess.FreePort();
        await using var hiy = HiyProcess.Start(["serve", "--data-dir", dir.Path, "--http-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--https-port", "0", "--bind", "127.0.0.1", "--docker-host", "unix:///nonexistent/docker.sock"]);
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        for (var i = 0; i < 600; i++)
        {
            Assert.False(hiy.HasExited, $"hiy exited early: {hiy.StdErr}");
            try
            {
                if ((await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK)
                    break;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }

        var page = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'self'", string.Join(";", page.Headers.GetValues("Content-Security-Policy")));
        Assert.Contains("<script type=\"module\" src=\"/app.js\">", await page.Content.ReadAsStringAsync());
        foreach (var asset in new[] { "/app.js", "/api.js", "/system.js", "/setup.js", "/style.css", "/favicon.svg" })
            Assert.True((await http.GetAsync(asset)).StatusCode == HttpStatusCode.OK, asset);

        var setup = await http.PostAsync("/api/v1/setup", new StringContent(
            $$"""{"admin_password":"correct horse battery","domain":"pi.example.com","setup_code":"{{HiyProcess.DefaultSetupCode}}"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, setup.StatusCode);
        var signIn = await http.PostAsync("/api/v1/auth/session", new StringContent(
            """{"password":"correct horse battery"}""", Encoding.UTF8, "application/json"));
        var body = await signIn.Content.ReadAsStringAsync();
        Assert.True(signIn.StatusCode == HttpStatusCode.OK, body);
        var csrf = JsonDocument.Parse(body).RootElement.GetProperty("csrf_token").GetString();
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie")).Split(';')[0];

        using var withoutCsrf = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/auth/session");
        withoutCsrf.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(withoutCsrf)).StatusCode);
        using var signOut = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/auth/session");
        signOut.Headers.Add("Cookie", cookie);
        signOut.Headers.Add(DashboardSessions.CsrfHeader, csrf);
        Assert.Equal(HttpStatusCode.NoContent, (await http.SendAsync(signOut)).StatusCode);
        using var after = new HttpRequestMessage(HttpMethod.Get, "/api/v1/system/operations");
        after.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(after)).StatusCode);
    }
}
