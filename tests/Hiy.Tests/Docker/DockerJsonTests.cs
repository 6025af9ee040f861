using System.Text.Json;
using Hiy.Docker;
using Hiy.Docker.Models;
using Hiy.Docker.Streams;

namespace Hiy.Tests.Docker;

public class DockerJsonTests
{
    [Fact]
    public void Parse_ContainerInspect_StateTimesHealthAndPublishedPort()
    {
        const string json = """
            {"Id":"abc","Name":"/hiy-blog-1","State":{"Status":"exited","Running":false,"OOMKilled":true,"ExitCode":137,
              "StartedAt":"2026-11-22T02:04:14.102448668Z","FinishedAt":"0001-01-01T00:00:00Z",
              "Health":{"Status":"unhealthy","FailingStreak":3,"Log":[]}},
             "HostConfig":{"Memory":536870912,"NanoCpus":500000000,"PidsLimit":256,"CapDrop":["ALL"],"SecurityOpt":["no-new-privileges"],
              "RestartPolicy":{"Name":"unless-stopped","MaximumRetryCount":0},"Privileged":false},
             "NetworkSettings":{"Ports":{"8080/tcp":[{"HostIp":"127.0.0.1","HostPort":"32769"}],"9000/tcp":null}}}
            """;

        var c = JsonSerializer.Deserialize(json, DockerJsonContext.Default.ContainerInspect)!;

        Assert.True(c.State!.OOMKilled);
        Assert.Equal(137, c.State.ExitCode);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 2, 4, 14, TimeSpan.Zero).AddTicks(1024486), c.State.StartedAt);
        Assert.False(c.State.HasFinished);
        Assert.Equal("unhealthy", c.State.Health!.Status);
        Assert.Equal(32769, c.PublishedPort(8080));
        Assert.Null(c.PublishedPort(9000));
        Assert.Null(c.PublishedPort(8080, hostIp: "0.0.0.0"));
        Assert.Equal(["ALL"], c.HostConfig!.CapDrop!);
    }

    [Fact]
    public void Serialize_CreateRequest_PascalCaseNullsLeftOutPrivilegedAlwaysSent()
    {
        var request = new ContainerCreateRequest
        {
            Image = "img",
            ExposedPorts = new() { ["8080/tcp"] = EmptyObject.Instance },
            HostConfig = new HostConfig
            {
                NanoCpus = HostConfig.NanoCpusFor(0.5),
                PortBindings = new() { ["8080/tcp"] = [new PortBinding { HostIp = "127.0.0.1", HostPort = "" }] },
            },
        };

        var json = JsonSerializer.Serialize(request, DockerJsonContext.Default.ContainerCreateRequest);

        Assert.Contains("\"ExposedPorts\":{\"8080/tcp\":{}}", json);
        Assert.Contains("\"NanoCpus\":500000000", json);
        Assert.Contains("\"PortBindings\":{\"8080/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"\"}]}", json);
        Assert.Contains("\"Privileged\":false", json);
        Assert.DoesNotContain("null", json);
        Assert.DoesNotContain("\"Memory\"", json);
    }

    [Theory]
    [InlineData("2026-11-22T02:04:14.102448668Z", 1024486)]
    [InlineData("2026-11-22T02:04:14Z", 0)]
    [InlineData("2026-11-22T04:04:14.5+02:00", 5000000)]
    public void DockerTimestamp_NanosecondDigits_TruncatedToTicks(string text, long ticks)
    {
        Assert.True(DockerTimestamp.TryParse(text, out var ts));
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 2, 4, 14, TimeSpan.Zero).AddTicks(ticks), ts);
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("2026-11-22 02:04:14Z")]
    [InlineData("")]
    public void DockerTimestamp_NotATimestamp_False(string text) => Assert.False(DockerTimestamp.TryParse(text, out _));

    [Fact]
    public void ToUnixNanoString_PadsNanoseconds() => Assert.Equal("1700000000.000000042", DockerTimestamp.ToUnixNanoString(1_700_000_000_000_000_042));
}
