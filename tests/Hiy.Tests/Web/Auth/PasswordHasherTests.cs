using Hiy.Web.Auth;

namespace Hiy.Tests.Web.Auth;

public class PasswordHasherTests
{
    [Fact]
    public void Hash_Default_Uses600000IterationsOfSha256()
    {
        var hash = PasswordHasher.Hash("correct horse");
        Assert.StartsWith("pbkdf2-sha256$600000$", hash);
        Assert.True(PasswordHasher.Verify("correct horse", hash));
        Assert.False(PasswordHasher.Verify("correct horsE", hash));
    }

    [Theory]
    [InlineData("")]
    [InlineData("md5$1$a$b")]
    [InlineData("pbkdf2-sha256$x$a$b")]
    [InlineData("pbkdf2-sha256$10$not base64$b")]
    public void Verify_MalformedStoredHash_IsFalse(string stored) => Assert.False(PasswordHasher.Verify("pw", stored));

    [Fact]
    public void Hash_SamePassword_SaltsDiffer() =>
        Assert.NotEqual(PasswordHasher.Hash("pw", 1000), PasswordHasher.Hash("pw", 1000));
}
