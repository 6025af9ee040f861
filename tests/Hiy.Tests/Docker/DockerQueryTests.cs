using Hiy.Docker;

namespace Hiy.Tests.Docker;

public class DockerQueryTests
{
    [Fact]
    public void ToString_ValuesEscapedNullsLeftOut()
    {
        var query = new DockerQuery("/build")
            .Add("t", "app:v1")
            .Add("t", "app:latest")
            .Add("dockerfile", (string?)null)
            .Add("rm", true)
            .Add("nocache", (bool?)null)
            .Add("memory", 512L)
            .Add("labels", DockerJson.Map(new Dictionary<string, string> { ["a b"] = "c&d" }));

        Assert.Equal("/build?t=app%3Av1&t=app%3Alatest&rm=1&memory=512&labels=%7B%22a%20b%22%3A%22c%5Cu0026d%22%7D", query.ToString()); // & as \u0026: still the same JSON string
    }

    [Fact]
    public void AddFilters_LabelFilter_JsonMapOfArrays()
    {
        var query = new DockerQuery("/containers/json").AddFilters(DockerFilters.Label("hiy.app=blog"));

        Assert.Equal("/containers/json?filters=%7B%22label%22%3A%5B%22hiy.app%3Dblog%22%5D%7D", query.ToString());
        Assert.Equal("/x", new DockerQuery("/x").AddFilters(new Dictionary<string, string[]>()).ToString());
    }

    [Fact]
    public void Segment_NameWithSlashAndColon_Escaped() =>
        Assert.Equal("hiy-test%2Fbusybox%3Alatest", DockerQuery.Segment("hiy-test/busybox:latest"));
}
