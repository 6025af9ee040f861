using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Hiy.Core;
using Hiy.Tests.Web;
using Microsoft.Data.Sqlite;

namespace Hiy.Tests.Resilience;

/// <summary>
/// Issue 13 item 5 against the real binary: its data dir on a 40 MB tmpfs that the test fills. Writes answer 507 naming the
/// space left, /ready names the disk, a restart on the full disk comes up degraded (reads, the dashboard, sign-in), a
/// deleted site version frees the space and writes work again without a restart, and SQLite's integrity check passes.
/// </summary>
internal static class FullDiskScenario
{
    private const string Password = "correct horse battery";

    public static async Task<string> RunAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "hiy-fulldisk-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        var mount = await new ProcessRunner().RunAsync("mount", ["-t", "tmpfs", "-o", "size=40m,mode=0700", "tmpfs", root], timeout: TimeSpan.FromSeconds(20));
        if (!mount.Succeeded)
            throw new InvalidOperationException($"the full-disk scenario mounts a tmpfs and needs root (run the tests as root): mount said {mount.StdErr.Trim()}");
        try
        {
            return await RunOnAsync(root);
        }
        finally
        {
            await new ProcessRunner().RunAsync("umount", ["-l", root], timeout: TimeSpan.FromSeconds(20));
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<string> RunOnAsync(string root)
    {
        var data = Path.Combine(root, "data");
        var logs = new StringBuilder();
        string token;
        var seen = new List<string>();
        await using (var first = await StartAsync(data))
        {
            token = await SetupAsync(first.Http);
            first.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            await ExpectAsync(first.Http.PutAsync("/api/v1/sites/blog/versions/v1", Gzip(("index.html", "v1"u8.ToArray()))), HttpStatusCode.Created, "site v1");
            await ExpectAsync(first.Http.PutAsync("/api/v1/sites/blog/versions/v2", Gzip(("big.bin", RandomBytes(12 << 20)))), HttpStatusCode.Created, "site v2 (12 MB)");
            await ExpectAsync(first.Http.PostAsync("/api/v1/sites/blog/active", Json("""{"version":"v1"}""")), HttpStatusCode.OK, "activate v1");
            await ExpectAsync(first.Http.PostAsync("/api/v1/apps", Json("""{"name":"before-full"}""")), HttpStatusCode.Created, "app before the disk filled");

            var filled = Fill(Path.Combine(root, "filler"));
            seen.Add($"filled the tmpfs with {filled >> 20} MB");
            var refused = await first.Http.PostAsync("/api/v1/apps", Json("""{"name":"while-full"}"""));
            var problem = await DiskFullProblemAsync(refused, "POST /api/v1/apps on the full disk");
            seen.Add($"POST /apps -> 507 \"{problem}\"");
            await DiskFullProblemAsync(await first.Http.PutAsync("/api/v1/sites/blog/versions/v3", Gzip(("index.html", "v3"u8.ToArray()))), "PUT a site version on the full disk");
            using var ready = await first.Http.GetAsync("/ready");
            var readyBody = await ready.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            var disk = JsonDocument.Parse(readyBody).RootElement.GetProperty("checks").GetProperty("disk").GetString()!;
            Assert.StartsWith("full: ", disk);
            seen.Add($"/ready 503 disk \"{disk}\"");
            first.Process.Signal("TERM");
            Assert.Equal(0, await first.Process.WaitForExitAsync(TimeSpan.FromSeconds(20)));
            logs.Append(first.Process.StdOut).Append(first.Process.StdErr);
        }

        await using (var second = await StartAsync(data))
        {
            logs.Append(second.Process.StdOut);
            Assert.Contains("starting degraded", second.Process.StdOut + second.Process.StdErr);
            second.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var apps = await second.Http.GetStringAsync("/api/v1/apps");
            Assert.Contains("before-full", apps);
            await ExpectAsync(second.Http.GetAsync("/"), HttpStatusCode.OK, "the dashboard on the full disk");
            using (var anonymous = new HttpClient { BaseAddress = second.Http.BaseAddress })
                await ExpectAsync(anonymous.PostAsync("/api/v1/auth/session", Json($$"""{"password":"{{Password}}"}""")), HttpStatusCode.OK, "dashboard sign-in on the full disk");
            await DiskFullProblemAsync(await second.Http.PostAsync("/api/v1/apps", Json("""{"name":"still-full"}""")), "POST /api/v1/apps after the degraded start");
            seen.Add("restarted full: degraded start, apps listed, dashboard and sign-in served");

            await ExpectAsync(second.Http.DeleteAsync("/api/v1/sites/blog/versions/v2"), HttpStatusCode.NoContent, "deleting site v2 on the full disk");
            await ExpectAsync(second.Http.PostAsync("/api/v1/apps", Json("""{"name":"after-free"}""")), HttpStatusCode.Created, "a write once v2's 12 MB were freed");
            seen.Add("deleted site v2 -> the next write 201, no restart");
            second.Process.Signal("TERM");
            Assert.Equal(0, await second.Process.WaitForExitAsync(TimeSpan.FromSeconds(20)));
            logs.Append(second.Process.StdOut).Append(second.Process.StdErr);
        }

        var text = logs.ToString();
        Assert.DoesNotContain(" fail: ", text);
        Assert.DoesNotContain(" crit: ", text);
        Assert.DoesNotContain("   at ", text); // no stack trace anywhere
        string integrity;
        using (var c = new SqliteConnection($"Data Source={Path.Combine(data, "hiy.db")};Pooling=False"))
        {
            c.Open();
            using var check = c.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            integrity = (string)check.ExecuteScalar()!;
            using var names = c.CreateCommand();
            names.CommandText = "SELECT group_concat(name, ',') FROM (SELECT name FROM apps ORDER BY name)";
            Assert.Equal("after-free,before-full", names.ExecuteScalar() as string);
        }
        Assert.Equal("ok", integrity);
        seen.Add($"integrity_check {integrity}, no error line or trace in either run's log");
        return string.Join("; ", seen);
    }

    private sealed class Started(HiyProcess process, HttpClient http) : IAsyncDisposable
    {
        public HiyProcess Process { get; } = process;
        public HttpClient Http { get; } = http;

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await Process.DisposeAsync();
        }
    }

    private static async Task<Started> StartAsync(string data)
    {
        var port = HiyProcess.FreePort();
        var process = HiyProcess.Start(["serve", "--data-dir", data, "--http-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--https-port", "0", "--bind", "127.0.0.1", "--docker-host", "unix:///nonexistent/docker.sock"]);
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        for (var i = 0; ; i++)
        {
            Assert.False(process.HasExited, $"hiy exited: {process.StdErr}");
            try
            {
                if ((await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK)
                    return new Started(process, http);
            }
            catch (HttpRequestException) when (i < 600)
            {
            }
            await Task.Delay(100);
        }
    }

    private static async Task<string> SetupAsync(HttpClient http)
    {
        using var r = await http.PostAsync("/api/v1/setup", Json(
            $$"""{"admin_password":"{{Password}}","domain":"example.com","setup_code":"{{HiyProcess.DefaultSetupCode}}"}"""));
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("token").GetString()!;
    }

    private static async Task ExpectAsync(Task<HttpResponseMessage> send, HttpStatusCode status, string what)
    {
        using var r = await send;
        Assert.True(r.StatusCode == status, $"{what}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
    }

    /// <summary>The 507 problem, checked for what it must say; returns its detail.</summary>
    private static async Task<string> DiskFullProblemAsync(HttpResponseMessage r, string what)
    {
        using var _ = r;
        var body = await r.Content.ReadAsStringAsync();
        Assert.True((int)r.StatusCode == 507, $"{what}: {(int)r.StatusCode} {body}");
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var doc = JsonDocument.Parse(body).RootElement;
        var detail = doc.GetProperty("detail").GetString()!;
        Assert.Contains("the data disk is full", detail);
        Assert.Contains(" free of ", detail);
        Assert.True(doc.GetProperty("disk").GetProperty("min_free_bytes").GetInt64() > 0, body);
        return detail;
    }

    /// <summary>Writes until the file system refuses; returns how much fitted.</summary>
    private static long Fill(string file)
    {
        var chunk = new byte[1 << 20];
        long written = 0;
        using var f = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough);
        try
        {
            while (true)
            {
                f.Write(chunk);
                written += chunk.Length;
            }
        }
        catch (IOException e) when (DiskFull.IsCause(e))
        {
            return written;
        }
    }

    private static byte[] RandomBytes(int n)
    {
        var b = new byte[n];
        Random.Shared.NextBytes(b); // incompressible, so the version really takes its 12 MB
        return b;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static ByteArrayContent Gzip(params (string Name, byte[] Data)[] files)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gz, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, data) in files)
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
        }
        var content = new ByteArrayContent(ms.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
        return content;
    }
}
