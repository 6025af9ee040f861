using System.Text;
using Hiy.Docker;
using Hiy.Docker.Models;
using Hiy.Docker.Streams;

namespace Hiy.Tests.Docker;

public class BuildOutputTests
{
    // Recorded from Docker 20.10's legacy builder (POST /build), one JSON message per line.
    private const string SuccessfulBuild = """
        {"stream":"Step 1/2 : FROM hiy-test/busybox"}
        {"stream":"\n"}
        {"stream":" ---\u003e 27c7d1ac5c9b\n"}
        {"stream":"Step 2/2 : RUN echo hi"}
        {"stream":"\n"}
        {"stream":" ---\u003e Running in 1f6d0c1e2b3a\n"}
        {"stream":"hi\n"}
        {"stream":"Removing intermediate container 1f6d0c1e2b3a\n"}
        {"stream":" ---\u003e 5e3b0a4c8d21\n"}
        {"aux":{"ID":"sha256:5e3b0a4c8d21aaaa"}}
        {"stream":"Successfully built 5e3b0a4c8d21\n"}
        {"stream":"Successfully tagged t:latest\n"}
        """;

    private const string FailedBuild = """
        {"stream":"Step 1/2 : FROM hiy-test/busybox"}
        {"stream":"\n"}
        {"stream":"Step 2/2 : RUN echo boom \u0026\u0026 exit 3"}
        {"stream":"\n"}
        {"stream":" ---\u003e Running in 9a\n"}
        {"stream":"\u001b[91mboom\n\u001b[0m"}
        {"stream":"Removing intermediate container 9a\n"}
        {"errorDetail":{"code":3,"message":"The command '/bin/sh -c echo boom \u0026\u0026 exit 3' returned a non-zero code: 3"},"error":"The command '/bin/sh -c echo boom \u0026\u0026 exit 3' returned a non-zero code: 3"}
        """;

    private static async Task<(List<string> Lines, Func<string> Complete)> Feed(string ndjson, BuildOutput? output = null, List<string>? lines = null)
    {
        lines ??= [];
        output ??= new BuildOutput("docker build 't'", lines.Add);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(ndjson));
        await foreach (var m in DockerStreamReader.ReadJsonLinesAsync(stream, DockerJsonContext.Default.JsonMessage, "docker build 't'", default))
            output.Handle(m);
        return (lines, output.Complete);
    }

    [Fact]
    public async Task Handle_SuccessfulBuild_LinesStepsAndImageId()
    {
        var (lines, complete) = await Feed(SuccessfulBuild);

        Assert.Equal("sha256:5e3b0a4c8d21aaaa", complete());
        Assert.Equal("Step 1/2 : FROM hiy-test/busybox", lines[0]);
        Assert.Contains("Step 2/2 : RUN echo hi", lines);
        Assert.Contains("hi", lines);
        Assert.Equal("Successfully tagged t:latest", lines[^1]);
    }

    [Fact]
    public async Task Handle_ErrorDetail_ThrowsWithFailingStepAndMessageAfterStreamingThem()
    {
        var lines = new List<string>();

        var e = await Assert.ThrowsAsync<DockerApiException>(() => Feed(FailedBuild, lines: lines));

        Assert.Equal("Step 2/2 : RUN echo boom && exit 3", e.BuildStep);
        Assert.Equal("The command '/bin/sh -c echo boom && exit 3' returned a non-zero code: 3", e.DockerMessage);
        Assert.Equal("docker build 't': Step 2/2 : RUN echo boom && exit 3: The command '/bin/sh -c echo boom && exit 3' returned a non-zero code: 3",
            e.Message);
        Assert.Equal(["boom", "Removing intermediate container 9a", e.DockerMessage!], lines[^3..]);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("\u001b[91mred\n\u001b[0m", "red\n")]
    [InlineData("a\u001b[1;31mb", "ab")]
    [InlineData("lone \u001b escape", "lone \u001b escape")]
    [InlineData("\u001b[", "\u001b[")]
    public void StripColors_SgrSequences_Removed(string input, string expected) => Assert.Equal(expected, BuildOutput.StripColors(input));

    [Fact]
    public void Handle_StatusMessages_OneLineEach()
    {
        var lines = new List<string>();
        var output = new BuildOutput("b", lines.Add);

        output.Handle(new JsonMessage { Status = "Downloading", Id = "abc", Progress = "[==>  ] 1MB/2MB" });
        output.Handle(new JsonMessage { Status = "Pull complete" });

        Assert.Equal(["abc: Downloading [==>  ] 1MB/2MB", "Pull complete"], lines);
    }

    [Fact]
    public void Complete_NoAuxButSuccessLine_UsesShortId()
    {
        var output = new BuildOutput("b", null);
        output.Handle(new JsonMessage { Stream = "Successfully built 5e3b0a4c8d21\n" });

        Assert.Equal("5e3b0a4c8d21", output.Complete());
    }

    [Fact]
    public void Complete_NoImageId_ThrowsNamingLastStep()
    {
        var output = new BuildOutput("b", null);
        output.Handle(new JsonMessage { Stream = "Step 1/1 : FROM x\n" });

        var e = Assert.Throws<DockerApiException>(() => output.Complete());

        Assert.Contains("last step: Step 1/1 : FROM x", e.Message);
    }
}
