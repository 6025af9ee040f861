using Hiy.Builds;

namespace Hiy.Tests.Builds;

public class DockerIgnoreTests
{
    [Theory]
    [InlineData("node_modules", "node_modules", true)]
    [InlineData("node_modules", "node_modules/x/y.js", true)]
    [InlineData("node_modules", "src/node_modules", false)]
    [InlineData("**/node_modules", "src/node_modules/a", true)]
    [InlineData("*.log", "a.log", true)]
    [InlineData("*.log", "logs/a.log", false)]
    [InlineData("**/*.log", "logs/a.log", true)]
    [InlineData("/build", "build/out", true)]
    [InlineData("build/", "build/out", true)]
    [InlineData("temp?", "temp1", true)]
    [InlineData("temp?", "temp12", false)]
    [InlineData("[ab].txt", "a.txt", true)]
    [InlineData("[ab].txt", "c.txt", false)]
    [InlineData("docs/**", "docs/a/b.md", true)]
    [InlineData("docs/**", "docsx", false)]
    [InlineData("# comment\n\n", "# comment", false)]
    [InlineData("*.md\n!README.md", "README.md", false)]
    [InlineData("*.md\n!README.md", "CHANGES.md", true)]
    [InlineData("!README.md\n*.md", "README.md", true)]
    [InlineData("secrets\n!secrets/public.pem", "secrets/public.pem", false)]
    [InlineData("secrets\n!secrets/public.pem", "secrets/private.pem", true)]
    [InlineData("./dist\r\n", "dist/x", true)]
    public void IsExcluded_Pattern_Matches(string file, string path, bool excluded) =>
        Assert.Equal(excluded, DockerIgnore.Parse(file).IsExcluded(path));
}
