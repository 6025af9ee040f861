using Hiy.Docker;

namespace Hiy.Tests.Docker;

public class DockerApiVersionsTests
{
    [Theory]
    [InlineData("1.41", "1.41")]
    [InlineData("1.43", "1.43")]
    [InlineData("1.45", "1.45")]
    [InlineData("1.47", "1.45")]
    [InlineData("1.52", "1.45")]
    [InlineData(" 1.44 ", "1.44")]
    public void Negotiate_EngineVersion_MinOfEngineAndNewest(string engine, string expected)
    {
        Assert.Equal(Version.Parse(expected), DockerApiVersions.Negotiate(engine, "unix:///run/docker.sock"));
    }

    [Theory]
    [InlineData("1.24")]
    [InlineData("1.40")]
    public void Negotiate_OlderThanOldest_RefusedNamingBothVersions(string engine)
    {
        var e = Assert.Throws<DockerApiException>(() => DockerApiVersions.Negotiate(engine, "unix:///run/docker.sock"));

        Assert.Contains($"docker engine API {engine} is older than 1.41, the oldest hiy supports", e.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("latest")]
    [InlineData("1.45.1")]
    [InlineData("v1.45")]
    public void Negotiate_Unreadable_RefusedNamingTheEngine(string? engine)
    {
        var e = Assert.Throws<DockerApiException>(() => DockerApiVersions.Negotiate(engine, "unix:///run/docker.sock"));

        Assert.Contains("docker engine at unix:///run/docker.sock named no usable API version", e.Message);
    }

    [Fact]
    public void Prefix_Version_PathPrefix()
    {
        Assert.Equal("/v1.45", DockerApiVersions.Prefix(DockerApiVersions.Newest));
        Assert.Equal("/v1.41", DockerApiVersions.Prefix(DockerApiVersions.Oldest));
    }
}
