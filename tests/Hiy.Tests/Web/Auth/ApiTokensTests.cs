using Hiy.Web.Auth;

namespace Hiy.Tests.Web.Auth;

public class ApiTokensTests
{
    [Fact]
    public void New_IsPrefixedAndUnique()
    {
        var a = ApiTokens.New();
        Assert.StartsWith("hiy_", a);
        Assert.NotEqual(a, ApiTokens.New());
        Assert.Equal(32, ApiTokens.Hash(a).Length);
    }

    [Theory]
    [InlineData("Bearer hiy_abc", "hiy_abc")]
    [InlineData("bearer   hiy_abc ", "hiy_abc")]
    [InlineData("Basic hiy_abc", null)]
    [InlineData("Bearer abc", null)]
    [InlineData(null, null)]
    public void FromHeader_ParsesBearerOnly(string? header, string? expected) =>
        Assert.Equal(expected, ApiTokens.FromHeader(header));
}
