using Hiy.Builds;

namespace Hiy.Tests.Builds;

public class ProcfileTests
{
    [Theory]
    [InlineData("web: node index.js", "node index.js")]
    [InlineData("worker: x\r\nweb:   gunicorn app:app  \r\n", "gunicorn app:app")]
    [InlineData("# comment\n\nweb:bin/server --port $PORT", "bin/server --port $PORT")]
    [InlineData("worker: x", null)]
    [InlineData("web:", null)]
    [InlineData("webby: x", null)]
    [InlineData("", null)]
    public void WebCommand_Text_FindsWebLine(string text, string? expected) =>
        Assert.Equal(expected, Procfile.WebCommand(text));
}
