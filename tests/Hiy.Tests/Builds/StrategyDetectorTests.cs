using Hiy.Builds;

namespace Hiy.Tests.Builds;

public class StrategyDetectorTests
{
    [Theory]
    [InlineData("dockerfile:Dockerfile", "Dockerfile", "package.json={\"scripts\":{\"start\":\"node a\"}}")]
    [InlineData("dockerfile:deploy/Dockerfile", "deploy/Dockerfile", "hiy.toml=dockerfile = \"deploy/Dockerfile\"")]
    [InlineData("dockerfile:ops/Dockerfile.pi", "ops/Dockerfile.pi", "app.json={\"name\":\"x\",\"hiy\":{\"dockerfile\":\"ops/Dockerfile.pi\"}}")]
    [InlineData("node:", "package.json={\"scripts\":{\"start\":\"node server.js\"}}")]
    [InlineData("node:", "package.json={}", "server.js")]
    [InlineData("node:node web.js", "package.json={}", "Procfile=web: node web.js\nworker: node w.js")]
    [InlineData("python:", "requirements.txt=flask", "app.py")]
    [InlineData("python:", "pyproject.toml=[project]", "main.py")]
    [InlineData("python:gunicorn app:app -b 0.0.0.0:$PORT", "requirements.txt", "Procfile=web: gunicorn app:app -b 0.0.0.0:$PORT")]
    [InlineData("go:", "go.mod=module x", "main.go")]
    [InlineData("go:./bin/server", "go.mod=module x", "Procfile=web: ./bin/server")]
    [InlineData("static:.", "index.html")]
    [InlineData("static:public", "public/index.html", "README.md")]
    [InlineData("static:static", "static/index.html")]
    [InlineData("static:dist", "dist/index.html")]
    [InlineData("static:dist+npm run build", "package.json={\"scripts\":{\"build\":\"vite build\"}}")]
    [InlineData("static:site+npm run build", "package.json={\"scripts\":{\"build\":\"x\",\"start\":\"y\"}}", "hiy.toml=static_dir = \"site\"")]
    [InlineData("static:www", "index.html", "hiy.toml=static_dir = \"./www/\"")]
    [InlineData("static:dist+make site", "hiy.toml=static_dir = \"dist\"\nbuild_command = \"make site\"")]
    [InlineData("static:out+sh build.sh", "app.json={\"hiy\":{\"static_dir\":\"out\",\"build_command\":\"sh build.sh\"}}")]
    [InlineData("static:dist+custom", "package.json={\"scripts\":{\"build\":\"x\"}}", "hiy.toml=static_dir = \"dist\"\nbuild_command = \"custom\"")]
    public void Detect_RepoLayout_PicksStrategy(string expected, params string[] files)
    {
        var detection = StrategyDetector.Detect(MemoryRepoFiles.Of(files));
        Assert.True(detection.Ok, string.Join("; ", detection.Problems));
        Assert.Equal(expected, Describe(detection.Strategy!));
    }

    [Theory]
    [InlineData("repository: no Dockerfile", "README.md")]
    [InlineData("package.json: scripts.start: is missing", "package.json={\"scripts\":{\"test\":\"x\"}}")]
    [InlineData("Procfile: web: is missing", "requirements.txt")]
    [InlineData("hiy.toml: dockerfile: 'nope/Dockerfile' does not exist", "hiy.toml=dockerfile = \"nope/Dockerfile\"", "Dockerfile")]
    [InlineData("app.json: hiy.dockerfile: 'x' does not exist", "app.json={\"hiy\":{\"dockerfile\":\"x\"}}")]
    [InlineData("hiy.toml: port: must be between 1 and 65535, not 0", "hiy.toml=port = 0", "Dockerfile")]
    [InlineData("package.json: is not valid JSON", "package.json={nope")]
    [InlineData("hiy.toml: static_dir: is missing", "hiy.toml=build_command = \"make\"", "index.html")]
    [InlineData("hiy.toml: build_command: must be one non-empty line", "hiy.toml=static_dir = \"d\"\nbuild_command = \"a\\nb\"")]
    public void Detect_Unusable_NamesFileAndField(string expectedStart, params string[] files)
    {
        var detection = StrategyDetector.Detect(MemoryRepoFiles.Of(files));
        Assert.False(detection.Ok);
        Assert.Null(detection.Strategy);
        Assert.Contains(detection.Problems, p => p.ToString().StartsWith(expectedStart, StringComparison.Ordinal));
    }

    [Fact]
    public void Detect_ConfiguredDockerfile_WinsOverRepoSetting()
    {
        var files = MemoryRepoFiles.Of("Dockerfile", "pi.Dockerfile", "hiy.toml=dockerfile = \"Dockerfile\"");
        var detection = StrategyDetector.Detect(files, configuredDockerfile: "pi.Dockerfile");
        Assert.Equal(new DockerfileStrategy("pi.Dockerfile"), detection.Strategy);
    }

    [Fact]
    public void Detect_SettingsFromRepo_AreReturned()
    {
        var files = MemoryRepoFiles.Of("Dockerfile", "hiy.toml=port = 3000\nhealth_path = \"/up\"");
        var detection = StrategyDetector.Detect(files);
        Assert.Equal(3000, detection.Settings.Port);
        Assert.Equal("/up", detection.Settings.HealthPath);
    }

    private static string Describe(BuildStrategy s) => s switch
    {
        DockerfileStrategy d => "dockerfile:" + d.DockerfilePath,
        LanguageStrategy l => l.Language.ToString().ToLowerInvariant() + ":" + l.StartCommand,
        StaticStrategy st => "static:" + st.SiteDir + (st.BuildCommand is null ? "" : "+" + st.BuildCommand),
        _ => "?",
    };
}
