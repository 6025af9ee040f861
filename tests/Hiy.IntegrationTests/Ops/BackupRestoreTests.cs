using System.Diagnostics;
using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Hiy.Secrets;
using Hiy.Store;
using Hiy.Tests.Builds;
using Hiy.Tests.Docker;
using Xunit.Abstractions;

namespace Hiy.Tests.Ops;

/// <summary>
/// The real `hiy serve` (native under scripts/test.sh): state of every kind → backup → download → the data dir and the
/// backup dir wiped (a lost SD card) → a fresh hiy → upload → restore → hiy stops, starts again, and everything is back.
/// Tampered and truncated uploads are refused with 422 naming the entry, and nothing is kept.
/// </summary>
[Collection(DockerCollection.Name)]
public class BackupRestoreTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Domain = "hiy.test";
    private readonly TempDir _dir = new();
    private readonly int _port = HiyProcess.FreePort();
    private HiyProcess? _hiy;

    private string DataDir => _dir.File("data");
    private string BackupDir => _dir.File("usb");
    private Uri Url => new($"http://127.0.0.1:{_port.ToString(CultureInfo.InvariantCulture)}");

    public Task InitializeAsync() => Task.CompletedTask;

    private async Task StartAsync()
    {
        var config = _dir.File("hiy.toml");
        await File.WriteAllTextAsync(config, $"""
            acme_directory_url = "http://127.0.0.1:9/directory"
            backup_dir = "{BackupDir}"
            """);
        _hiy = HiyProcess.Start(["serve", "--config", config, "--data-dir", DataDir, "--http-port", _port.ToString(CultureInfo.InvariantCulture),
            "--https-port", "0", "--bind", "127.0.0.1", "--docker-host", TestEnv.DockerHost, "--domain", Domain]);
        using var http = new HttpClient();
        var sw = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(_hiy.HasExited, $"hiy serve exited: {_hiy.StdErr}");
            try
            {
                if ((await http.GetAsync(new Uri(Url, "/health"))).IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(60), $"hiy serve did not answer /health: {_hiy.StdErr}");
            await Task.Delay(100);
        }
    }

    private async Task<HttpClient> SetupAsync(string password)
    {
        using var http = new HttpClient();
        using var setup = await http.PostAsync(new Uri(Url, "/api/v1/setup"), new StringContent(
            $$"""{"admin_password":"{{password}}","domain":"{{Domain}}","setup_code":"{{HiyProcess.DefaultSetupCode}}"}""", Encoding.UTF8, "application/json"));
        var body = await setup.Content.ReadAsStringAsync();
        Assert.True(setup.StatusCode == HttpStatusCode.OK, body);
        return Client(JsonDocument.Parse(body).RootElement.GetProperty("token").GetString()!);
    }

    private HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<string> OkAsync(HttpResponseMessage r, HttpStatusCode want)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == want, $"{r.RequestMessage?.Method} {r.RequestMessage?.RequestUri}: {(int)r.StatusCode} {body}");
        return body;
    }

    private static byte[] SiteArchive(string html)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gz, TarEntryFormat.Pax))
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "index.html") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(html)) });
        return output.ToArray();
    }

    private async Task<(HttpStatusCode, string)> GetHostAsync(string name)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, Url);
        request.Headers.Host = $"{name}.{Domain}";
        using var response = await http.SendAsync(request);
        return (response.StatusCode, (await response.Content.ReadAsStringAsync()).Trim());
    }

    private async Task StopAsync()
    {
        _hiy!.Signal("TERM");
        var exit = await _hiy.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, $"hiy exited with {exit} on SIGTERM:\n{_hiy.StdErr}\n{_hiy.StdOut}");
        await _hiy.DisposeAsync();
        _hiy = null;
    }

    [Fact]
    public async Task BackupWipeRestore_EveryKindOfState_BackAfterTheRestart()
    {
        var sw = Stopwatch.StartNew();
        await StartAsync();
        using var api = await SetupAsync("correct horse battery");
        var token = api.DefaultRequestHeaders.Authorization!.Parameter!;
        var app = HiyUnderTest.UniqueApp("bk");
        var site = HiyUnderTest.UniqueApp("bks");
        await OkAsync(await api.PostAsync("/api/v1/apps", Json($$"""{"name":"{{app}}","memory_mb":64}""")), HttpStatusCode.Created);
        await OkAsync(await api.PutAsync($"/api/v1/apps/{app}/env", Json("""{"GREETING":"hello-from-the-backup"}""")), HttpStatusCode.OK);
        using (var content = new ByteArrayContent(SiteArchive("<h1>site v1</h1>")))
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
            await OkAsync(await api.PutAsync($"/api/v1/sites/{site}/versions/v1", content), HttpStatusCode.Created);
        }
        using var repo = await AppRepo.CreateAsync();
        await repo.CommitAsync("v1", ("Dockerfile", AppRepo.PageDockerfile("backed up app")));
        var push = await repo.PushAsync(Url, app, token);
        Assert.True(push.Succeeded, push.StdOut + push.StdErr);
        var sha = await repo.HeadAsync();
        // A certificate as the ACME manager stores it (its key sealed with this machine's master key), written beside the running hiy.
        using (var db = HiyDatabase.Open(Path.Combine(DataDir, "hiy.db")))
        {
            var box = new SecretBox(File.ReadAllBytes(Path.Combine(DataDir, "master.key")));
            var now = DateTimeOffset.UtcNow;
            using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=*." + Domain, key,
                System.Security.Cryptography.HashAlgorithmName.SHA256);
            using var cert = request.CreateSelfSigned(now.AddMinutes(-1), now.AddDays(90));
            new CertificateRepository(db, box, TimeProvider.System).SaveIssued("*." + Domain, ["*." + Domain], cert.ExportCertificatePem(),
                key.ExportPkcs8PrivateKeyPem(), now, now.AddDays(90), now.AddDays(60));
        }
        output.WriteLine($"state in place: {sw.Elapsed.TotalSeconds:0.0} s");

        sw.Restart();
        var created = JsonDocument.Parse(await OkAsync(await api.PostAsync("/api/v1/backups", null), HttpStatusCode.Created)).RootElement;
        var id = created.GetProperty("id").GetString()!;
        output.WriteLine($"backup {id}: {created.GetProperty("size_bytes").GetInt64()} bytes, {created.GetProperty("file_count").GetInt32()} entries, {sw.Elapsed.TotalSeconds:0.0} s");
        Assert.True(File.Exists(Path.Combine(BackupDir, $"hiy-backup-{id}.tar.gz")));
        Assert.Empty(Directory.GetFiles(BackupDir, ".*"));
        var list = JsonDocument.Parse(await OkAsync(await api.GetAsync("/api/v1/backups"), HttpStatusCode.OK)).RootElement;
        Assert.Equal(id, list.GetProperty("backups")[0].GetProperty("id").GetString());
        using var download = await api.GetAsync($"/api/v1/backups/{id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/gzip", download.Content.Headers.ContentType?.MediaType);
        var archive = await download.Content.ReadAsByteArrayAsync();

        // The SD card is lost: data dir and backup stick both gone; a fresh hiy is set up with another password.
        await StopAsync();
        Directory.Delete(DataDir, recursive: true);
        Directory.Delete(BackupDir, recursive: true);
        await StartAsync();
        using var fresh = await SetupAsync("another password here");
        await OkAsync(await fresh.GetAsync($"/api/v1/apps/{app}"), HttpStatusCode.NotFound);

        // Refused uploads: a truncated archive and one with a file changed; nothing is kept of either.
        var truncated = await fresh.PostAsync("/api/v1/backups/upload", new ByteArrayContent(archive[..(archive.Length * 2 / 3)]));
        var problem = JsonDocument.Parse(await OkAsync(truncated, HttpStatusCode.UnprocessableEntity)).RootElement;
        Assert.Equal("application/problem+json", truncated.Content.Headers.ContentType?.MediaType);
        Assert.Single(problem.GetProperty("errors").EnumerateObject());
        var tampered = Tamper(archive, $"sites/{site}/versions/v1/index.html");
        problem = JsonDocument.Parse(await OkAsync(await fresh.PostAsync("/api/v1/backups/upload", new ByteArrayContent(tampered)),
            HttpStatusCode.UnprocessableEntity)).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty($"sites/{site}/versions/v1/index.html", out _), problem.ToString());
        Assert.Equal(0, JsonDocument.Parse(await OkAsync(await fresh.GetAsync("/api/v1/backups"), HttpStatusCode.OK)).RootElement
            .GetProperty("backups").GetArrayLength());
        Assert.Empty(Directory.GetFiles(BackupDir));

        await OkAsync(await fresh.PostAsync("/api/v1/backups/upload", new ByteArrayContent(archive)), HttpStatusCode.Created);
        sw.Restart();
        var restore = JsonDocument.Parse(await OkAsync(await fresh.PostAsync($"/api/v1/backups/{id}/restore", null), HttpStatusCode.Accepted)).RootElement;
        Assert.Equal("staged", restore.GetProperty("state").GetString());
        // hiy stops by itself after answering (systemd's Restart=always starts it again; here the test does).
        var exit = await _hiy!.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, $"hiy exited with {exit} after the restore was staged:\n{_hiy.StdErr}\n{_hiy.StdOut}");
        await _hiy.DisposeAsync();
        _hiy = null;
        await StartAsync();
        output.WriteLine($"restore → serving again: {sw.Elapsed.TotalSeconds:0.0} s");

        // The old token works again (the restored database's), the fresh machine's does not.
        using var restored = Client(token);
        await OkAsync(await fresh.GetAsync("/api/v1/apps"), HttpStatusCode.Unauthorized);
        var appView = JsonDocument.Parse(await OkAsync(await restored.GetAsync($"/api/v1/apps/{app}"), HttpStatusCode.OK)).RootElement;
        Assert.Equal(app, appView.GetProperty("name").GetString());
        var env = JsonDocument.Parse(await OkAsync(await restored.GetAsync($"/api/v1/apps/{app}/env/GREETING"), HttpStatusCode.OK)).RootElement;
        Assert.Equal("hello-from-the-backup", env.GetProperty("value").GetString());
        Assert.Equal((HttpStatusCode.OK, "<h1>site v1</h1>"), await GetHostAsync(site));
        Assert.Equal(sha, await repo.RemoteShaAsync(Url, app, token));
        var certs = await OkAsync(await restored.GetAsync("/api/v1/certificates"), HttpStatusCode.OK);
        Assert.Contains("*." + Domain, certs);
        Assert.True(File.Exists(Path.Combine(DataDir, "hiy.db.before-restore")));
        Assert.False(Directory.Exists(Path.Combine(DataDir, "restore.pending")));
        // And the restored certificate's key opens with the restored master key.
        using (var db = HiyDatabase.Open(Path.Combine(DataDir, "hiy.db")))
        {
            var certRepo = new CertificateRepository(db, new SecretBox(File.ReadAllBytes(Path.Combine(DataDir, "master.key"))), TimeProvider.System);
            Assert.StartsWith("-----BEGIN PRIVATE KEY-----", certRepo.OpenKey(certRepo.Find("*." + Domain)!));
        }
        await OkAsync(await restored.DeleteAsync($"/api/v1/apps/{app}"), HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task RotateKey_ThroughTheApi_ValuesReadableAfterARestartAndOldKeyOpensNothing()
    {
        await StartAsync();
        using var api = await SetupAsync("correct horse battery");
        var app = HiyUnderTest.UniqueApp("rk");
        await OkAsync(await api.PostAsync("/api/v1/apps", Json($$"""{"name":"{{app}}","memory_mb":64}""")), HttpStatusCode.Created);
        await OkAsync(await api.PutAsync($"/api/v1/apps/{app}/env", Json("""{"SECRET":"kept-across-rotation"}""")), HttpStatusCode.OK);
        var oldKey = File.ReadAllBytes(Path.Combine(DataDir, "master.key"));

        var rotated = JsonDocument.Parse(await OkAsync(await api.PostAsync("/api/v1/system/rotate-key", null), HttpStatusCode.OK)).RootElement;
        Assert.True(rotated.GetProperty("resealed").GetProperty("env_vars").GetInt32() >= 1);
        var value = JsonDocument.Parse(await OkAsync(await api.GetAsync($"/api/v1/apps/{app}/env/SECRET"), HttpStatusCode.OK)).RootElement;
        Assert.Equal("kept-across-rotation", value.GetProperty("value").GetString());

        await StopAsync();
        var newKey = File.ReadAllBytes(Path.Combine(DataDir, "master.key"));
        Assert.NotEqual(oldKey, newKey);
        using (var db = HiyDatabase.Open(Path.Combine(DataDir, "hiy.db")))
        {
            var old = new SecretBox(oldKey);
            var current = new SecretBox(newKey);
            var all = db.Read(c => SealedValues.ReadAll(c));
            Assert.NotEmpty(all);
            Assert.All(all, v => Assert.Throws<SecretException>(() => old.Open(v.Blob, v.Purpose)));
            Assert.All(all, v => current.Open(v.Blob, v.Purpose));
        }
        await StartAsync();
        value = JsonDocument.Parse(await OkAsync(await api.GetAsync($"/api/v1/apps/{app}/env/SECRET"), HttpStatusCode.OK)).RootElement;
        Assert.Equal("kept-across-rotation", value.GetProperty("value").GetString());
        await OkAsync(await api.DeleteAsync($"/api/v1/apps/{app}"), HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Cli_BackupLsDownloadRestoreRotate_ExitCodesAndFiles()
    {
        await StartAsync();
        using var api = await SetupAsync("correct horse battery");
        using var home = new TempDir();
        var cli = new Cli.CliProcess(home.Path);
        var login = await cli.RunInAsync("correct horse battery\n", null, "login", Url.ToString());
        Assert.True(login.ExitCode == 0, login.StdErr);

        var backup = await cli.RunInAsync("a long passphrase\n", null, "backup", "--passphrase-stdin");
        Assert.True(backup.ExitCode == 0, backup.StdErr);
        Assert.Contains("key wrapped", backup.StdOut);
        var ls = await cli.RunAsync("backup:ls", "--json");
        Assert.True(ls.ExitCode == 0, ls.StdErr);
        var id = JsonDocument.Parse(ls.StdOut).RootElement.GetProperty("backups")[0].GetProperty("id").GetString()!;
        Assert.Contains(id, backup.StdOut);

        var file = Path.Combine(home.Path, "copy.tar.gz");
        var download = await cli.RunAsync("backup:download", id, file);
        Assert.True(download.ExitCode == 0, download.StdErr);
        Assert.Equal(File.ReadAllBytes(Path.Combine(BackupDir, $"hiy-backup-{id}.tar.gz")), File.ReadAllBytes(file));
        var missing = await cli.RunAsync("backup:download", "20000101T000000000Z", file);
        Assert.True(missing.ExitCode == 2, missing.StdErr);

        var rotate = await cli.RunAsync("rotate-key");
        Assert.True(rotate.ExitCode == 0, rotate.StdErr);
        Assert.StartsWith("master key rotated", rotate.StdOut);

        var unconfirmed = await cli.RunAsync("backup:restore", id);
        Assert.True(unconfirmed.ExitCode == 1, unconfirmed.StdErr);
        Assert.Contains("--yes", unconfirmed.StdErr);
        var wrongPass = await cli.RunInAsync("not the passphrase\n", null, "backup:restore", id, "--yes", "--passphrase-stdin");
        Assert.True(wrongPass.ExitCode == 2, wrongPass.StdErr);
        Assert.Contains("passphrase", wrongPass.StdErr);
        Assert.False(_hiy!.HasExited);
        var restore = await cli.RunInAsync("a long passphrase\n", null, "backup:restore", id, "--yes", "--passphrase-stdin");
        Assert.True(restore.ExitCode == 0, restore.StdErr);
        Assert.Equal(0, await _hiy.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        await _hiy.DisposeAsync();
        _hiy = null;
        // The backup was made before the rotation, so the restored machine runs on the old key again, and reads its values.
        await StartAsync();
        Assert.True((await cli.RunAsync("backup:ls")).ExitCode == 0);
    }

    /// <summary>The archive with one file's bytes changed (same length), the manifest left as it was.</summary>
    private static byte[] Tamper(byte[] archive, string name)
    {
        using var output = new MemoryStream();
        using (var gzIn = new GZipStream(new MemoryStream(archive), CompressionMode.Decompress))
        using (var reader = new TarReader(gzIn))
        using (var gzOut = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new TarWriter(gzOut, TarEntryFormat.Pax))
        {
            while (reader.GetNextEntry(copyData: true) is { } e)
            {
                if (e.Name == name && e.DataStream is { } s)
                {
                    using var m = new MemoryStream();
                    s.CopyTo(m);
                    var bytes = m.ToArray();
                    bytes[0] ^= 0x20;
                    e.DataStream = new MemoryStream(bytes);
                }
                writer.WriteEntry(e);
            }
        }
        return output.ToArray();
    }

    public async Task DisposeAsync()
    {
        if (_hiy is not null)
            await _hiy.DisposeAsync();
        _dir.Dispose();
    }
}
