using Hiy.Ops;
using Hiy.Secrets;
using Hiy.Store;

namespace Hiy.Tests.Ops.Backups;

public class KeyRotationTests
{
    [Fact]
    public async Task RotateAsync_EverySealedValue_ReadableUnderTheNewKeyAndNotTheOld()
    {
        using var data = new BackupData();
        data.Seed();
        var oldKey = File.ReadAllBytes(data.Paths.MasterKey);

        var result = await data.Rotation.RotateAsync(CancellationToken.None);

        Assert.Equal(new Dictionary<string, int> { ["settings"] = 1, ["env_vars"] = 1, ["certificates"] = 1, ["acme_accounts"] = 1 }, result.Resealed);
        var newKey = File.ReadAllBytes(data.Paths.MasterKey);
        Assert.NotEqual(oldKey, newKey);
        Assert.False(File.Exists(KeyRotation.NextKeyPath(data.Paths)));
        // A fresh box from the new key file (what the next start loads) opens every value through the repositories.
        var fresh = new SecretBox(newKey);
        var blog = data.Apps.Find("blog")!;
        Assert.Equal("postgres://u:p@db/blog", new EnvRepository(data.Db, fresh, data.Time).Get(blog.Id, "blog")["DATABASE_URL"]);
        Assert.Equal("cf-token-123", new SettingsRepository(data.Db, fresh, data.Time).GetSecret(SettingsRepository.CloudflareApiToken));
        var certs = new CertificateRepository(data.Db, fresh, data.Time);
        Assert.Equal("-----BEGIN PRIVATE KEY-----abc", certs.OpenKey(certs.Find("*.example.com")!));
        var accounts = new AcmeAccountRepository(data.Db, fresh, data.Time);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, accounts.OpenKey(accounts.Find("https://acme.test/dir")!));
        // The running box moved too, and the old key opens nothing any more.
        Assert.Equal("cf-token-123", data.Settings.GetSecret(SettingsRepository.CloudflareApiToken));
        var old = new SecretBox(oldKey);
        var sealedValues = data.Db.Read(c => SealedValues.ReadAll(c));
        Assert.Equal(4, sealedValues.Count);
        Assert.All(sealedValues, v => Assert.Throws<SecretException>(() => old.Open(v.Blob, v.Purpose)));
    }

    [Fact]
    public void FinishInterrupted_NextKeyThatOpensTheDatabase_RenamedIntoPlace()
    {
        using var data = new BackupData();
        data.Seed();
        var next = System.Security.Cryptography.RandomNumberGenerator.GetBytes(SecretBox.KeySize);
        var nextBox = new SecretBox(next);
        // The crash window: the transaction committed new blobs, the key file is still the old one.
        data.Db.Write((c, tx) =>
        {
            foreach (var v in SealedValues.ReadAll(c, tx))
                SealedValues.Replace(c, tx, v, nextBox.Seal(data.Box.Open(v.Blob, v.Purpose), v.Purpose));
        });
        MasterKey.WriteDurably(KeyRotation.NextKeyPath(data.Paths), next, overwrite: true);

        KeyRotation.FinishInterrupted(data.Paths, data.Db);

        Assert.Equal(next, File.ReadAllBytes(data.Paths.MasterKey));
        Assert.False(File.Exists(KeyRotation.NextKeyPath(data.Paths)));
    }

    [Fact]
    public void FinishInterrupted_NextKeyOfAnUncommittedRotation_Dropped()
    {
        using var data = new BackupData();
        data.Seed();
        var old = File.ReadAllBytes(data.Paths.MasterKey);
        MasterKey.WriteDurably(KeyRotation.NextKeyPath(data.Paths), System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), overwrite: true);

        KeyRotation.FinishInterrupted(data.Paths, data.Db);

        Assert.Equal(old, File.ReadAllBytes(data.Paths.MasterKey));
        Assert.False(File.Exists(KeyRotation.NextKeyPath(data.Paths)));
    }
}
