using System.Text.Json;
using Hiy.Web;

namespace Hiy.Tests.Web;

public class JsonBodyTests
{
    [Theory]
    [InlineData("""{"bogus":1}""", "not a known field")]
    [InlineData("""{"port":"eighty"}""", "the value has the wrong type for this field")]
    [InlineData("""{"cpus":"half"}""", "the value has the wrong type for this field")]
    [InlineData("""{"name":5}""", "the value has the wrong type for this field")]
    [InlineData("""{"cap_add":"NET_ADMIN"}""", "the value has the wrong type for this field")]
    public void Describe_SerializerMessages_InTheClientsWordsWithoutDotNetTypes(string body, string expected)
    {
        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(body, ApiJsonContext.Default.AppRequest));
        var said = JsonBody.Describe(e.Message);
        Assert.True(expected == said, e.Message);
        Assert.DoesNotContain("System.", said);
        Assert.DoesNotContain("Hiy.", said);
    }

    [Fact]
    public void Describe_SyntaxError_KeptUpToItsPath()
    {
        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"name": nope}""", ApiJsonContext.Default.AppRequest));
        var said = JsonBody.Describe(e.Message);
        Assert.DoesNotContain("Path:", said);
        Assert.Contains("invalid", said, StringComparison.OrdinalIgnoreCase);
    }
}
