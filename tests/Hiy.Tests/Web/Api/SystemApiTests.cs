using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Hiy.Store;
using Microsoft.Extensions.DependencyInjection;

namespace Hiy.Tests.Web.Api;

public class SystemApiTests
{
    private const string Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFaHU8X6+g1NStJJJRMFEkIchvOI7rdHTl0NzqA/sC6m ana@laptop";

    private sealed class Fixture : IAsyncDisposable
    {
        public required ApiHost Host { get; init; }
        public required TempDir Dir { get; init; }
        public string Requests => Path.Combine(Dir.Path, "run-ops");
        public string State => Path.Combine(Host.DataDir, "ops");

        public static async Task<Fixture> StartAsync(bool withOps = true, string? setupCode = null)
        {
            var dir = new TempDir();
            if (withOps)
                Directory.CreateDirectory(Path.Combine(dir.Path, "run-ops"));
            var host = await ApiHost.StartAsync(setupCode: setupCode, configure: c => c with { OpsDir = Path.Combine(dir.Path, "run-ops") });
            return new Fixture { Host = host, Dir = dir };
        }

        /// <summary>What hiy-ops writes when it has acted.</summary>
        public void Answer(string request, string state, string message) =>
            File.WriteAllText(Path.Combine(State, "status", request + ".json"),
                $$"""{"request":"{{request}}","state":"{{state}}","message":"{{message}}","at":"{{DateTimeOffset.UtcNow.AddSeconds(1):yyyy-MM-ddTHH:mm:ssZ}}"}""" + "\n");

        public async ValueTask DisposeAsync()
        {
            await Host.DisposeAsync();
            Dir.Dispose();
        }
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage r, HttpStatusCode expected)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"expected {expected}, got {r.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task Reboot_Requested_FileDroppedStatusReadBackRepeatRefused()
    {
        await using var f = await Fixture.StartAsync();
        await f.Host.SetupAsync();
        var r = await f.Host.Client.PostAsync("/api/v1/system/reboot", null);
        var status = await JsonAsync(r, HttpStatusCode.Accepted);
        Assert.Equal("requested", status.GetProperty("state").GetString());
        Assert.Equal("/api/v1/system/operations/reboot", r.Headers.Location?.OriginalString);
        Assert.True(File.Exists(Path.Combine(f.Requests, "reboot")));
        await ApiHost.ProblemAsync(await f.Host.Client.PostAsync("/api/v1/system/reboot", null), 409);

        f.Answer("reboot", "accepted", "in 3 seconds");
        var one = await JsonAsync(await f.Host.Client.GetAsync("/api/v1/system/operations/reboot"), HttpStatusCode.OK);
        Assert.Equal("accepted", one.GetProperty("state").GetString());
        var list = await JsonAsync(await f.Host.Client.GetAsync("/api/v1/system/operations"), HttpStatusCode.OK);
        Assert.True(list.GetProperty("available").GetBoolean());
        Assert.Equal("reboot", list.GetProperty("operations")[0].GetProperty("request").GetString());
        await ApiHost.ProblemAsync(await f.Host.Client.GetAsync("/api/v1/system/operations/poweroff"), 404);
        await ApiHost.ProblemAsync(await f.Host.Client.GetAsync("/api/v1/system/operations/format-disk"), 404);
    }

    [Fact]
    public async Task Operations_NotOnTheImage_503NamesTheMissingDirectory()
    {
        await using var f = await Fixture.StartAsync(withOps: false);
        await f.Host.SetupAsync();
        foreach (var path in new[] { "/api/v1/system/reboot", "/api/v1/system/poweroff", "/api/v1/system/os-update", "/api/v1/system/os-update/check" })
        {
            var problem = await ApiHost.ProblemAsync(await f.Host.Client.PostAsync(path, null), 503);
            Assert.Contains("run-ops", problem.GetProperty("detail").GetString());
        }
        var list = await JsonAsync(await f.Host.Client.GetAsync("/api/v1/system/operations"), HttpStatusCode.OK);
        Assert.False(list.GetProperty("available").GetBoolean());
    }

    [Fact]
    public async Task Operations_BeforeSetupOrWithoutToken_Refused()
    {
        await using var f = await Fixture.StartAsync();
        await ApiHost.ProblemAsync(await f.Host.Client.PostAsync("/api/v1/system/reboot", null), 403);
        await f.Host.SetupAsync();
        f.Host.Client.DefaultRequestHeaders.Authorization = null;
        await ApiHost.ProblemAsync(await f.Host.Client.PostAsync("/api/v1/system/reboot", null), 401);
        Assert.Empty(Directory.GetFiles(f.Requests));
    }

    [Fact]
    public async Task OsUpdate_StatusShowsUpgradableAndBothRuns()
    {
        await using var f = await Fixture.StartAsync();
        await f.Host.SetupAsync();
        await JsonAsync(await f.Host.Client.PostAsync("/api/v1/system/os-update/check", null), HttpStatusCode.Accepted);
        File.WriteAllLines(Path.Combine(f.State, "os-upgradable.txt"), ["bash 5.2.15-2+b8", "openssl 3.0.15-1~deb12u1"]);
        f.Answer("os-update-check", "done", "2 packages can be upgraded");
        await JsonAsync(await f.Host.Client.PostAsync("/api/v1/system/os-update", null), HttpStatusCode.Accepted);
        var view = await JsonAsync(await f.Host.Client.GetAsync("/api/v1/system/os-update"), HttpStatusCode.OK);
        Assert.Equal(["bash 5.2.15-2+b8", "openssl 3.0.15-1~deb12u1"], view.GetProperty("upgradable").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("done", view.GetProperty("last_check").GetProperty("state").GetString());
        Assert.Equal("requested", view.GetProperty("last_apply").GetProperty("state").GetString());
        Assert.Equal(File.Exists("/run/reboot-required"), view.GetProperty("reboot_required").GetBoolean());
        Assert.True(File.Exists(Path.Combine(f.Requests, "os-update")));
    }

    [Fact]
    public async Task Ssh_BadKeys_422EveryLineNothingWritten()
    {
        await using var f = await Fixture.StartAsync();
        await f.Host.SetupAsync();
        var problem = await ApiHost.ProblemAsync(await f.Host.Client.PutAsync("/api/v1/system/ssh",
            ApiHost.Json($$"""{"enabled":true,"authorized_keys":["{{Key}}","ssh-rsa AAAA","hello"]}""")), 422);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("authorized_keys[1]", out _));
        Assert.True(errors.TryGetProperty("authorized_keys[2]", out _));
        problem = await ApiHost.ProblemAsync(await f.Host.Client.PutAsync("/api/v1/system/ssh", ApiHost.Json("""{"enabled":true}""")), 422);
        Assert.Contains("at least one public key", problem.GetProperty("detail").GetString());
        await ApiHost.ProblemAsync(await f.Host.Client.PutAsync("/api/v1/system/ssh", ApiHost.Json("""{"authorized_keys":[]}""")), 422);
        await ApiHost.ProblemAsync(await f.Host.Client.PutAsync("/api/v1/system/ssh", ApiHost.Json("""{"enabled":"yes"}""")), 400);
        Assert.False(File.Exists(Path.Combine(f.State, "authorized_keys")));
        Assert.Empty(Directory.GetFiles(f.Requests));
    }

    [Fact]
    public async Task Ssh_OnWithKey_KeyFile0600RequestThenEnabledWhenDone()
    {
        await using var f = await Fixture.StartAsync();
        await f.Host.SetupAsync();
        var view = await JsonAsync(await f.Host.Client.PutAsync("/api/v1/system/ssh",
            ApiHost.Json($$"""{"enabled":true,"authorized_keys":["{{Key}}"]}""")), HttpStatusCode.Accepted);
        Assert.False(view.GetProperty("enabled").GetBoolean()); // not until hiy-ops has done it
        Assert.Equal("ssh-on", view.GetProperty("last").GetProperty("request").GetString());
        var keyFile = Path.Combine(f.State, "authorized_keys");
        Assert.Equal(Key + "\n", File.ReadAllText(keyFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        Assert.True(File.Exists(Path.Combine(f.Requests, "ssh-on")));

        f.Answer("ssh-on", "done", "ssh is on");
        view = await JsonAsync(await f.Host.Client.GetAsync("/api/v1/system/ssh"), HttpStatusCode.OK);
        Assert.True(view.GetProperty("enabled").GetBoolean());
        var key = view.GetProperty("authorized_keys")[0];
        Assert.Equal("SHA256:uXPjJFlM6AS8PZBE2icGjz4L+4vauaGefJY05RpEwhw", key.GetProperty("fingerprint").GetString());
        Assert.Equal("ana@laptop", key.GetProperty("comment").GetString());

        await JsonAsync(await f.Host.Client.PutAsync("/api/v1/system/ssh", ApiHost.Json("""{"enabled":false}""")), HttpStatusCode.Accepted);
        Thread.Sleep(1100); // status times have one-second resolution
        f.Answer("ssh-off", "done", "ssh is off");
        view = await JsonAsync(await f.Host.Client.GetAsync("/api/v1/system/ssh"), HttpStatusCode.OK);
        Assert.False(view.GetProperty("enabled").GetBoolean());
        Assert.Equal(Key + "\n", File.ReadAllText(keyFile)); // keys stay for the next "on"
    }

    [Fact]
    public async Task SelfUpdate_ElfForThisCpu_StagedExecutableAndRequested()
    {
        await using var f = await Fixture.StartAsync();
        await f.Host.SetupAsync();
        var binary = await File.ReadAllBytesAsync("/proc/self/exe");
        var r = await f.Host.Client.PutAsync("/api/v1/system/hiy-binary", new ByteArrayContent(binary));
        Assert.Equal("requested", (await JsonAsync(r, HttpStatusCode.Accepted)).GetProperty("state").GetString());
        var staged = Path.Combine(f.State, "hiy.new");
        Assert.Equal(binary, await File.ReadAllBytesAsync(staged));
        Assert.True(File.GetUnixFileMode(staged).HasFlag(UnixFileMode.UserExecute));
        Assert.True(File.Exists(Path.Combine(f.Requests, "self-update")));
        // a second upload while the first is pending must not overwrite what hiy-ops may be installing
        var again = new byte[binary.Length];
        await ApiHost.ProblemAsync(await f.Host.Client.PutAsync("/api/v1/system/hiy-binary", new ByteArrayContent(again)), 409);
        Assert.Equal(binary, await File.ReadAllBytesAsync(staged));
    }

    [Fact]
    public async Task SelfUpdate_WrongCpuOrNotElfOrTiny_422NothingStaged()
    {
        await using var f = await Fixture.StartAsync();
        await f.Host.SetupAsync();
        var foreign = await File.ReadAllBytesAsync("/proc/self/exe");
        var other = foreign[18] == 62 ? (byte)183 : (byte)62; // x86_64 <-> aarch64
        foreign[18] = other;
        foreign[19] = 0;
        var problem = await ApiHost.ProblemAsync(await f.Host.Client.PutAsync("/api/v1/system/hiy-binary", new ByteArrayContent(foreign)), 422);
        Assert.Matches("built for (aarch64|x86_64), but this machine is (x86_64|aarch64)", problem.GetProperty("detail").GetString());
        problem = await ApiHost.ProblemAsync(await f.Host.Client.PutAsync("/api/v1/system/hiy-binary",
            new ByteArrayContent(Encoding.UTF8.GetBytes("#!/bin/sh\n" + new string('x', 100_000)))), 422);
        Assert.Contains("not a 64-bit Linux ELF", problem.GetProperty("detail").GetString());
        problem = await ApiHost.ProblemAsync(await f.Host.Client.PutAsync("/api/v1/system/hiy-binary", new ByteArrayContent(new byte[100])), 422);
        Assert.Contains("too small", problem.GetProperty("detail").GetString());
        Assert.Empty(Directory.GetFiles(f.State, "hiy.new*"));
        Assert.Empty(Directory.GetFiles(f.Requests));
    }

    [Fact]
    public async Task SupportBundle_TarGzWithHistoryLogsAndApps_NoSecretInside()
    {
        const string envSecret = "pg-pass-Zq81xTe";
        const string cfToken = "cf-token-8Hn2kLq0vX";
        await using var f = await Fixture.StartAsync(setupCode: "CODE-4242-ABCD");
        await f.Host.SetupAsync(extra: $$""","setup_code":"CODE-4242-ABCD","cloudflare_api_token":"{{cfToken}}","cloudflare_zone_id":"0123456789abcdef0123456789abcdef" """);
        Assert.Equal(HttpStatusCode.Created, (await f.Host.Client.PostAsync("/api/v1/apps", ApiHost.Json("""{"name":"blog"}"""))).StatusCode);
        var sp = f.Host.Host.Services;
        var app = sp.GetRequiredService<AppRepository>().Find("blog")!;
        sp.GetRequiredService<EnvRepository>().Merge(app.Id, app.Name, new Dictionary<string, string> { ["DATABASE_PASSWORD"] = envSecret });
        sp.GetRequiredService<LogRepository>().Append(app.Id, [(DateTimeOffset.UtcNow, "stdout", $"connecting with {envSecret} and {cfToken}")]);

        var r = await f.Host.Client.GetAsync("/api/v1/system/support-bundle");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("application/gzip", r.Content.Headers.ContentType?.MediaType);
        Assert.Contains("hiy-support-", r.Content.Headers.ContentDisposition?.ToString());
        var files = new Dictionary<string, string>();
        await using (var gz = new GZipStream(await r.Content.ReadAsStreamAsync(), CompressionMode.Decompress))
        await using (var tar = new TarReader(gz))
        {
            while (await tar.GetNextEntryAsync() is { } e)
                files[e.Name[(e.Name.IndexOf('/') + 1)..]] = e.DataStream is null ? "" : new StreamReader(e.DataStream).ReadToEnd();
        }
        foreach (var name in new[] { "README.txt", "versions.txt", "system.txt", "history.csv", "hiy.log", "apps.tsv", "operations.txt", "apps/blog/logs.txt", "apps/blog/deploys.txt" })
            Assert.True(files.ContainsKey(name), $"{name} missing; got {string.Join(", ", files.Keys)}");
        Assert.Contains("hiy: 0.1.0", files["versions.txt"]);
        Assert.True(files["history.csv"].Split('\n', StringSplitOptions.RemoveEmptyEntries).Length >= 2, files["history.csv"]); // header + the start-up sample
        Assert.Contains("blog\tcreated", files["apps.tsv"]);
        Assert.Contains("connecting with [redacted] and [redacted]", files["apps/blog/logs.txt"]);
        foreach (var (name, text) in files)
        {
            Assert.DoesNotContain(envSecret, text);
            Assert.DoesNotContain(cfToken, text);
            Assert.DoesNotContain("CODE-4242-ABCD", text);
        }
    }
}
