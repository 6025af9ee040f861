using System.Security.Cryptography;
using Hiy.Secrets;
using Hiy.Store;

namespace Hiy.Tests.Store;

public class HeldSecretsTests
{
    [Fact]
    public void All_SettingsEveryAppsEnvAndOutsideSecrets_EveryOneListed()
    {
        using var dir = new TempDir();
        using var db = HiyDatabase.Open(dir.File("hiy.db"));
        var box = new SecretBox(RandomNumberGenerator.GetBytes(32));
        var time = new ManualTimeProvider();
        var apps = new AppRepository(db, time);
        var env = new EnvRepository(db, box, time);
        var settings = new SettingsRepository(db, box, time);
        var blog = apps.Create(new AppRecord { Name = "blog" })!;
        var shop = apps.Create(new AppRecord { Name = "shop" })!;
        env.Merge(blog.Id, blog.Name, new Dictionary<string, string> { ["DB_PASSWORD"] = "blog-db-pass" });
        env.Merge(shop.Id, shop.Name, new Dictionary<string, string> { ["STRIPE_KEY"] = "sk_shop_123" });
        settings.SetSecret(SettingsRepository.CloudflareApiToken, "cf-token-abc");
        settings.SetSecret(SettingsRepository.GithubWebhookSecret, "hook-secret-xyz");
        settings.Set(SettingsRepository.Domain, "example.com"); // not a secret

        var all = new HeldSecrets(apps, env, settings, ["SETUP-CODE-1234"]).All();

        Assert.Equal(["SETUP-CODE-1234", "blog-db-pass", "cf-token-abc", "hook-secret-xyz", "sk_shop_123"], all.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void All_NothingStored_OnlyTheOutsideSecrets()
    {
        using var dir = new TempDir();
        using var db = HiyDatabase.Open(dir.File("hiy.db"));
        var box = new SecretBox(RandomNumberGenerator.GetBytes(32));
        var time = new ManualTimeProvider();
        var all = new HeldSecrets(new AppRepository(db, time), new EnvRepository(db, box, time), new SettingsRepository(db, box, time), ["CODE-9876"]).All();
        Assert.Equal(["CODE-9876"], all);
    }
}
