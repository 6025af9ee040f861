using System.Formats.Tar;
using System.IO.Compression;
using Hiy.Core;
using Hiy.Ops;
using Hiy.Ops.Backups;
using Hiy.Secrets;
using Hiy.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hiy.Tests.Ops.Backups;

/// <summary>
/// A data directory with one of every kind of state a backup carries: an app with an env value, a sealed setting, a
/// certificate and an ACME account key, a static site with its live link, and a git repository with an executable hook.
/// </summary>
public sealed class BackupData : IDisposable
{
    private readonly TempDir _dir = new();

    public BackupData()
    {
        Paths = new HiyPaths(_dir.File("data"));
        Directory.CreateDirectory(Paths.DataDir);
        Db = HiyDatabase.Open(Paths.Database);
        Box = new SecretBox(MasterKey.LoadOrCreate(Paths.MasterKey));
        Apps = new AppRepository(Db, Time);
        Env = new EnvRepository(Db, Box, Time);
        Settings = new SettingsRepository(Db, Box, Time);
        Certificates = new CertificateRepository(Db, Box, Time);
        Accounts = new AcmeAccountRepository(Db, Box, Time);
        Rotation = new KeyRotation(Db, Box, Paths, Time, NullLogger<KeyRotation>.Instance);
        Writer = new BackupWriter(Db, Paths, Rotation, Time, NullLogger<BackupWriter>.Instance);
    }

    public ManualTimeProvider Time { get; } = new();
    public HiyPaths Paths { get; }
    public HiyDatabase Db { get; }
    public SecretBox Box { get; }
    public AppRepository Apps { get; }
    public EnvRepository Env { get; }
    public SettingsRepository Settings { get; }
    public CertificateRepository Certificates { get; }
    public AcmeAccountRepository Accounts { get; }
    public KeyRotation Rotation { get; }
    public BackupWriter Writer { get; }

    public string Scratch(string name) => _dir.File(name);

    public void Seed()
    {
        var blog = Apps.Create(new AppRecord { Name = "blog" })!;
        Env.Merge(blog.Id, blog.Name, new Dictionary<string, string> { ["DATABASE_URL"] = "postgres://u:p@db/blog" });
        Settings.SetSecret(SettingsRepository.CloudflareApiToken, "cf-token-123");
        Certificates.SaveIssued("*.example.com", ["*.example.com"], "-----BEGIN CERTIFICATE-----", "-----BEGIN PRIVATE KEY-----abc",
            Time.GetUtcNow(), Time.GetUtcNow().AddDays(90), Time.GetUtcNow().AddDays(60));
        Accounts.Save("https://acme.test/dir", "me@example.com", "https://acme.test/acct/1", [1, 2, 3, 4]);
        var version = Path.Combine(Paths.SiteVersionDir("notes", "v1"));
        Directory.CreateDirectory(version);
        File.WriteAllText(Path.Combine(version, "index.html"), "<h1>notes v1</h1>");
        File.CreateSymbolicLink(Path.Combine(Paths.SiteDir("notes"), "live"), "versions/v1");
        var repo = Paths.GitRepo("blog");
        Directory.CreateDirectory(Path.Combine(repo, "refs", "heads"));
        Directory.CreateDirectory(Path.Combine(repo, "hooks"));
        File.WriteAllText(Path.Combine(repo, "HEAD"), "ref: refs/heads/main\n");
        var hook = Path.Combine(repo, "hooks", "pre-receive");
        File.WriteAllText(hook, "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(hook, (UnixFileMode)0x1ED); // 0755
    }

    public async Task<byte[]> BackupAsync(string? passphrase = null)
    {
        using var output = new MemoryStream();
        await Writer.WriteAsync(output, "20261202T120000000Z", passphrase, CancellationToken.None);
        return output.ToArray();
    }

    /// <summary>One tar entry as a test sees it.</summary>
    public sealed record Entry(string Name, TarEntryType Type, string? Link, byte[]? Data);

    /// <summary>The archive's entries, each passed through <paramref name="change"/> (null drops it), then <paramref name="extra"/>.</summary>
    public static byte[] Rewrite(byte[] archive, Func<Entry, Entry?> change, params Entry[] extra)
    {
        var entries = new List<Entry>();
        using (var gz = new GZipStream(new MemoryStream(archive), CompressionMode.Decompress))
        using (var tar = new TarReader(gz))
        {
            while (tar.GetNextEntry(copyData: true) is { } e)
            {
                byte[]? data = null;
                if (e.DataStream is { } s)
                {
                    using var m = new MemoryStream();
                    s.CopyTo(m);
                    data = m.ToArray();
                }
                if (change(new Entry(e.Name, e.EntryType, e.EntryType == TarEntryType.SymbolicLink ? e.LinkName : null, data)) is { } changed)
                    entries.Add(changed);
            }
        }
        entries.AddRange(extra);
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gz, TarEntryFormat.Pax))
        {
            foreach (var (name, type, link, data) in entries)
            {
                var entry = new PaxTarEntry(type, name) { Mode = (UnixFileMode)0x1A4 };
                if (link is not null)
                    entry.LinkName = link;
                if (data is not null)
                    entry.DataStream = new MemoryStream(data);
                tar.WriteEntry(entry);
            }
        }
        return output.ToArray();
    }

    public void Dispose()
    {
        Db.Dispose();
        _dir.Dispose();
    }
}
