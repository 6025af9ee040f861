using Hiy.Builds;

namespace Hiy.Tests.Builds;

public class RepoSettingsReaderTests
{
    [Fact]
    public void Read_HiyToml_AllFields()
    {
        var r = RepoSettingsReader.Read(MemoryRepoFiles.Of("""
            hiy.toml=port = 3000
            health_path = "/healthz"
            dockerfile = "docker/Dockerfile"
            static_dir = "public"
            [build_args]
            NODE_VERSION = "22"
            WORKERS = 4
            DEBUG = false
            """));
        Assert.True(r.Ok, string.Join("; ", r.Problems));
        Assert.Equal(3000, r.Settings.Port);
        Assert.Equal("/healthz", r.Settings.HealthPath);
        Assert.Equal("docker/Dockerfile", r.Settings.Dockerfile);
        Assert.Equal("public", r.Settings.StaticDir);
        Assert.Equal("22", r.Settings.BuildArgs["NODE_VERSION"]);
        Assert.Equal("4", r.Settings.BuildArgs["WORKERS"]);
        Assert.Equal("false", r.Settings.BuildArgs["DEBUG"]);
    }

    [Fact]
    public void Read_AppJson_HiyBlock()
    {
        var r = RepoSettingsReader.Read(MemoryRepoFiles.Of(
            """app.json={"name":"blog","env":{"X":{"value":"1"}},"hiy":{"port":5000,"health_path":"/up","build_args":{"A":"b","N":2}}}"""));
        Assert.True(r.Ok, string.Join("; ", r.Problems));
        Assert.Equal(5000, r.Settings.Port);
        Assert.Equal("/up", r.Settings.HealthPath);
        Assert.Equal("b", r.Settings.BuildArgs["A"]);
        Assert.Equal("2", r.Settings.BuildArgs["N"]);
    }

    [Fact]
    public void Read_Both_HiyTomlWinsAndArgsMerge()
    {
        var r = RepoSettingsReader.Read(MemoryRepoFiles.Of(
            """app.json={"hiy":{"port":5000,"health_path":"/a","build_args":{"A":"1","B":"1"}}}""",
            "hiy.toml=port = 6000\n[build_args]\nB = \"2\""));
        Assert.Equal(6000, r.Settings.Port);
        Assert.Equal("/a", r.Settings.HealthPath);
        Assert.Equal("1", r.Settings.BuildArgs["A"]);
        Assert.Equal("2", r.Settings.BuildArgs["B"]);
    }

    [Theory]
    [InlineData("port = \"80\"", "hiy.toml: port: must be an integer, not a string")]
    [InlineData("port = 70000", "hiy.toml: port: must be between 1 and 65535, not 70000")]
    [InlineData("health_path = \"up\"", "hiy.toml: health_path: must be a path starting with '/', not 'up'")]
    [InlineData("dockerfile = \"../Dockerfile\"", "hiy.toml: dockerfile: must be a relative path inside the repository, not '../Dockerfile'")]
    [InlineData("static_dir = \"/srv\"", "hiy.toml: static_dir: must be a relative path inside the repository, not '/srv'")]
    [InlineData("build_args = 3", "hiy.toml: build_args: must be a table, not an integer")]
    [InlineData("[build_args]\nX = [1]", "hiy.toml: build_args.X: must be a string, number or boolean, not an array")]
    [InlineData("[build_args]\n\"A-B\" = \"1\"", "hiy.toml: build_args.A-B: is not a valid build argument name (letters, digits, '_')")]
    [InlineData("prot = 1", "hiy.toml: prot: is not a known setting")]
    [InlineData("port = ", "hiy.toml: invalid TOML at line 1")]
    public void Read_BadToml_NamesFileAndField(string toml, string expectedStart)
    {
        var r = RepoSettingsReader.Read(MemoryRepoFiles.Of("hiy.toml=" + toml));
        Assert.Contains(r.Problems, p => p.ToString().StartsWith(expectedStart, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"hiy":{"port":"80"}}""", "app.json: hiy.port: has the wrong type")]
    [InlineData("""{"hiy":{"port":0}}""", "app.json: hiy.port: must be between 1 and 65535, not 0")]
    [InlineData("""{"hiy":{"helth_path":"/"}}""", "app.json: hiy.helth_path: is not a known setting")]
    [InlineData("""{"hiy":{"build_args":{"A":{}}}}""", "app.json: hiy.build_args.A: must be a string, number or boolean")]
    [InlineData("""{"hiy":""", "app.json: ")]
    public void Read_BadAppJson_NamesFileAndField(string json, string expectedStart)
    {
        var r = RepoSettingsReader.Read(MemoryRepoFiles.Of("app.json=" + json));
        Assert.Contains(r.Problems, p => p.ToString().StartsWith(expectedStart, StringComparison.Ordinal));
    }

    [Fact]
    public void Read_SeveralProblems_AllReported()
    {
        var r = RepoSettingsReader.Read(MemoryRepoFiles.Of("hiy.toml=port = 0\nhealth_path = \"x\"\nfoo = 1"));
        Assert.Equal(3, r.Problems.Count);
    }
}
