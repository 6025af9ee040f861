using Hiy.Web.Api;

namespace Hiy.Tests.Web.Api;

public class SetupValidatorTests
{
    private static readonly SetupRequest Good = new() { AdminPassword = "long enough pw", Domain = "example.com" };

    [Fact]
    public void Validate_MinimalGoodRequest_HasNoErrors() => Assert.Empty(SetupValidator.Validate(Good));

    [Fact]
    public void Validate_EverythingWrong_ListsEveryField()
    {
        var errors = SetupValidator.Validate(new SetupRequest
        {
            AdminPassword = "short", Domain = "not valid", AcmeEmail = "nobody", CloudflareApiToken = "tok",
            GithubWebhookSecret = "short", Timezone = "Mars/Olympus",
        });
        Assert.Equal(["acme_email", "admin_password", "cloudflare_zone_id", "domain", "github_webhook_secret", "timezone"],
            errors.Keys.Order(StringComparer.Ordinal).ToArray());
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef", true)]
    [InlineData("0123456789abcdef", false)]
    [InlineData("zz23456789abcdef0123456789abcdef", false)]
    public void Validate_ZoneId_MustBe32Hex(string zone, bool ok) =>
        Assert.Equal(ok, !SetupValidator.Validate(Good with { CloudflareApiToken = "t", CloudflareZoneId = zone }).ContainsKey("cloudflare_zone_id"));

    [Theory]
    [InlineData("me@example.com", true)]
    [InlineData("me@localhost", false)]
    [InlineData("me @example.com", false)]
    public void Validate_Email(string email, bool ok) =>
        Assert.Equal(ok, !SetupValidator.Validate(Good with { AcmeEmail = email }).ContainsKey("acme_email"));

    [Theory]
    [InlineData("1.2.3.4", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("pi.example.com", true)]
    [InlineData("123.example.com", true)]
    public void Validate_Domain_AnAddressIsNotAName(string domain, bool ok) =>
        Assert.Equal(ok, !SetupValidator.Validate(Good with { Domain = domain }).ContainsKey("domain"));

    [Fact]
    public void Validate_PasswordOfNuls_Refused() =>
        Assert.Contains("control characters", SetupValidator.Validate(Good with { AdminPassword = new string('\0', 12) })["admin_password"]);
}
