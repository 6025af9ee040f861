using System.Security.Cryptography;
using System.Text;
using Hiy.Secrets;
using Hiy.Store;

namespace Hiy.Tests.Store;

public class SettingsRepositoryTests
{
    [Fact]
    public void SetSecret_IsNotInTheDatabaseFileInClearText()
    {
        using var dir = new TempDir();
        using (var db = HiyDatabase.Open(dir.File("hiy.db")))
        {
            var settings = new SettingsRepository(db, new SecretBox(RandomNumberGenerator.GetBytes(32)), TimeProvider.System);
            settings.SetSecret("cloudflare_api_token", "CF-TOKEN-abcdef1234567890");
            settings.Set("domain", "example.com");
            Assert.Equal("CF-TOKEN-abcdef1234567890", settings.GetSecret("cloudflare_api_token"));
            Assert.Equal("example.com", settings.Get("domain"));
            Assert.Null(settings.Get("cloudflare_api_token"));
            db.Read(c => c.Command("PRAGMA wal_checkpoint(TRUNCATE)").ExecuteNonQuery());
        }
        foreach (var f in Directory.GetFiles(dir.Path, "hiy.db*"))
            Assert.DoesNotContain("CF-TOKEN", Encoding.Latin1.GetString(File.ReadAllBytes(f)));
    }

    [Fact]
    public void Set_Twice_Overwrites()
    {
        using var dir = new TempDir();
        using var db = HiyDatabase.Open(dir.File("hiy.db"));
        var settings = new SettingsRepository(db, new SecretBox(RandomNumberGenerator.GetBytes(32)), TimeProvider.System);
        settings.Set("k", "1");
        settings.Set("k", "2");
        Assert.Equal("2", settings.Get("k"));
    }
}
