using System.Security.Cryptography;
using Hiy.Secrets;
using Hiy.Store;

namespace Hiy.Tests.Store;

public class PreseedImportTests
{
    [Fact]
    public void Apply_SecretsFile_IsSealedIntoSettingsAndDeleted()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("preseed"));
        File.WriteAllText(dir.File("preseed/secrets.toml"), "cloudflare_api_token = \"cf-token-123\"\nunknown = \"x\"\n");
        using var db = HiyDatabase.Open(dir.File("hiy.db"));
        var settings = new SettingsRepository(db, new SecretBox(RandomNumberGenerator.GetBytes(32)), TimeProvider.System);
        Assert.Equal([SettingsRepository.CloudflareApiToken], PreseedImport.Apply(dir.Path, settings));
        Assert.Equal("cf-token-123", settings.GetSecret(SettingsRepository.CloudflareApiToken));
        Assert.False(File.Exists(dir.File("preseed/secrets.toml")));
        Assert.False(Directory.Exists(dir.File("preseed")));
        Assert.Empty(PreseedImport.Apply(dir.Path, settings));
    }

    [Fact]
    public void Apply_BrokenFile_NamesFileLineAndColumnAndKeepsIt()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("preseed"));
        File.WriteAllText(dir.File("preseed/secrets.toml"), "cloudflare_api_token = \n");
        using var db = HiyDatabase.Open(dir.File("hiy.db"));
        var settings = new SettingsRepository(db, new SecretBox(RandomNumberGenerator.GetBytes(32)), TimeProvider.System);
        var e = Assert.Throws<StoreException>(() => PreseedImport.Apply(dir.Path, settings));
        Assert.Contains("secrets.toml:1:", e.Message);
        Assert.True(File.Exists(dir.File("preseed/secrets.toml")));
    }
}
