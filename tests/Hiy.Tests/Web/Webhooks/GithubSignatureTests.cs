using System.Text;
using Hiy.Web.Webhooks;

namespace Hiy.Tests.Web.Webhooks;

public class GithubSignatureTests
{
    private const string Secret = "It's a Secret to Everybody";
    private const string Expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("Hello, World!");

    [Fact]
    public void Compute_GithubDocumentedExample_Matches() => Assert.Equal(Expected, GithubSignature.Compute(Body, Secret));

    [Theory]
    [InlineData(Expected, true)]
    [InlineData("sha256=757107EA0EB2509FC211221CCE984B8A37570B6D7586C22C46F4379C8B043E17", true)]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e18", false)]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1", false)]
    [InlineData("sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", false)]
    [InlineData("sha256=zz7107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", false)]
    [InlineData("sha256=", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsValid_Header_Checks(string? header, bool expected) =>
        Assert.Equal(expected, GithubSignature.IsValid(Body, Secret, header));

    [Fact]
    public void IsValid_WrongSecret_False() => Assert.False(GithubSignature.IsValid(Body, "another secret", Expected));

    [Fact]
    public void IsValid_EmptySecret_False() =>
        Assert.False(GithubSignature.IsValid(Body, "", GithubSignature.Compute(Body, "")));

    [Fact]
    public void IsValid_ChangedBody_False() =>
        Assert.False(GithubSignature.IsValid(Encoding.UTF8.GetBytes("Hello, World?"), Secret, Expected));
}
