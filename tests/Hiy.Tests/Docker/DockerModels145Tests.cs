using System.Text.Json;
using Hiy.Docker;

namespace Hiy.Tests.Docker;

/// <summary>
/// The models against answers shaped as Docker 26 (API 1.45) gives them, with the fields later versions add: what
/// hiy reads must still parse when fields it never read are gone (VirtualSize, 1.44; image Container/ContainerConfig,
/// 1.45) and when new ones appear (DNSNames, 1.45; ImageManifestDescriptor, 1.46; Parents in the build cache).
/// </summary>
public class DockerModels145Tests
{
    private static T Parse<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        DockerJson.Parse(System.Text.Encoding.UTF8.GetBytes(json), type, "test");

    [Fact]
    public void Parse_ImageSummaryWithoutVirtualSize_SizesAndUncountedMinusOne()
    {
        const string json = """
            [{"Containers":-1,"Created":1733000000,"Id":"sha256:aa","Labels":null,"ParentId":"","RepoDigests":[],
              "RepoTags":["hiy/blog:abc-1"],"SharedSize":-1,"Size":12345678}]
            """;

        var image = Assert.Single(Parse(json, DockerJsonContext.Default.ImageSummaryArray));

        Assert.Equal(12345678, image.Size);
        Assert.Equal(-1, image.SharedSize);
        Assert.Equal(-1, image.Containers);
        Assert.Null(image.Labels);
    }

    [Fact]
    public void Parse_ContainerSummaryWithManifestDescriptorAndIpv6Ports_Reads()
    {
        const string json = """
            [{"Id":"c1","Names":["/hiy-blog-1"],"Image":"hiy/blog:abc-1","ImageID":"sha256:aa",
              "ImageManifestDescriptor":{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:bb","size":1234,
                "platform":{"architecture":"arm64","os":"linux"}},
              "Command":"httpd","Created":1733000000,
              "Ports":[{"IP":"127.0.0.1","PrivatePort":8080,"PublicPort":32768,"Type":"tcp"},{"PrivatePort":9000,"Type":"tcp"}],
              "Labels":{"hiy.app":"blog"},"State":"running","Status":"Up 3 minutes (healthy)",
              "HostConfig":{"NetworkMode":"hiy","Annotations":{}},
              "NetworkSettings":{"Networks":{"hiy":{"Aliases":null,"DNSNames":null,"NetworkID":"n1","IPAddress":"172.18.0.2"}}},
              "Mounts":[]}]
            """;

        var c = Assert.Single(Parse(json, DockerJsonContext.Default.ContainerSummaryArray));

        Assert.Equal("sha256:aa", c.ImageID);
        Assert.Equal("running", c.State);
        Assert.Equal(32768, c.Ports![0].PublicPort);
        Assert.Null(c.Ports[1].PublicPort);
    }

    [Fact]
    public void Parse_ContainerInspectOn145_AliasesAsAskedAndPortStillFound()
    {
        const string json = """
            {"Id":"c1","Created":"2026-11-22T02:04:14.102448668Z","Name":"/hiy-blog-1","Image":"sha256:aa","RestartCount":0,
             "ImageManifestDescriptor":{"digest":"sha256:bb","size":1234},
             "State":{"Status":"running","Running":true,"Paused":false,"Restarting":false,"OOMKilled":false,"Dead":false,"Pid":42,
               "ExitCode":0,"Error":"","StartedAt":"2026-11-22T02:04:14.102448668Z","FinishedAt":"0001-01-01T00:00:00Z",
               "Health":{"Status":"healthy","FailingStreak":0,"Log":[{"Start":"2026-11-22T02:04:15.1Z","End":"2026-11-22T02:04:15.2Z","ExitCode":0,"Output":"ok"}]}},
             "Config":{"Hostname":"c1","Env":["PORT=8080"],"Cmd":["httpd"],"Image":"hiy/blog:abc-1","Tty":false,
               "Labels":{"hiy.app":"blog"},"ExposedPorts":{"8080/tcp":{}},
               "Healthcheck":{"Test":["CMD-SHELL","true"],"Interval":1000000000,"Timeout":1000000000,"StartInterval":500000000,"Retries":3}},
             "HostConfig":{"Memory":536870912,"PidsLimit":null,"Init":null,"CgroupnsMode":"private","ConsoleSize":[0,0],"Annotations":null,
               "RestartPolicy":{"Name":"unless-stopped","MaximumRetryCount":0},"PortBindings":{"8080/tcp":[{"HostIp":"127.0.0.1","HostPort":""}]},
               "Mounts":[{"Type":"volume","Source":"hiy-blog-data","Target":"/data","VolumeOptions":{"Subpath":""}}]},
             "NetworkSettings":{"SandboxKey":"/var/run/docker/netns/x",
               "Ports":{"8080/tcp":[{"HostIp":"127.0.0.1","HostPort":"32768"}]},
               "Networks":{"hiy":{"Aliases":["blog"],"DNSNames":["blog","c1","hiy-blog-1"],"MacAddress":"02:42:ac:12:00:02",
                 "NetworkID":"n1","IPAddress":"172.18.0.2","Gateway":"172.18.0.1","DriverOpts":null}}},
             "Mounts":[{"Type":"volume","Name":"hiy-blog-data","Source":"/var/lib/docker/volumes/hiy-blog-data/_data","Destination":"/data","RW":true}]}
            """;

        var c = Parse(json, DockerJsonContext.Default.ContainerInspect);

        Assert.Equal(32768, c.PublishedPort(8080));
        Assert.Equal(["blog"], c.NetworkSettings!.Networks!["hiy"].Aliases!);
        Assert.Equal("healthy", c.State!.Health!.Status);
        Assert.Equal(3, c.Config!.Healthcheck!.Retries);
        Assert.Null(c.HostConfig!.PidsLimit);
        Assert.True(c.Mounts![0].RW);
    }

    [Fact]
    public void Parse_ImageInspectWithoutContainerConfig_ConfigAndLabelsRead()
    {
        const string json = """
            {"Id":"sha256:aa","RepoTags":["hiy/blog:abc-1"],"RepoDigests":[],"Parent":"","Comment":"","Created":"2026-11-22T02:04:14Z",
             "DockerVersion":"","Author":"","Architecture":"arm64","Variant":"v8","Os":"linux","Size":12345678,
             "GraphDriver":{"Data":null,"Name":"overlay2"},"RootFS":{"Type":"layers","Layers":["sha256:cc"]},"Metadata":{"LastTagTime":"0001-01-01T00:00:00Z"},
             "Config":{"User":"app","Env":["PATH=/usr/bin"],"Cmd":["httpd"],"WorkingDir":"/app","ExposedPorts":{"8080/tcp":{}},
               "Labels":{"hiy.app":"blog"},"Healthcheck":{"Test":["NONE"]},"OnBuild":null}}
            """;

        var image = Parse(json, DockerJsonContext.Default.ImageInspect);

        Assert.Equal("arm64", image.Architecture);
        Assert.Equal("blog", image.Labels["hiy.app"]);
        Assert.Equal(["NONE"], image.Config!.Healthcheck!.Test!);
    }

    [Fact]
    public void Parse_DiskUsageOn145_ImagesAndBuildCacheWithParents()
    {
        const string json = """
            {"LayersSize":987654321,
             "Images":[{"Containers":1,"Created":1733000000,"Id":"sha256:aa","Labels":{"hiy.app":"blog"},"ParentId":"","RepoDigests":[],
               "RepoTags":["hiy/blog:abc-1"],"SharedSize":1000,"Size":5000}],
             "Containers":[{"Id":"c1","Names":["/hiy-blog-1"],"SizeRw":10,"SizeRootFs":5010}],
             "Volumes":[{"Name":"hiy-blog-data","Driver":"local","UsageData":{"RefCount":1,"Size":-1}}],
             "BuildCache":[{"ID":"k1","Parents":["k0"],"Type":"regular","Description":"","InUse":false,"Shared":false,"Size":42,
               "CreatedAt":"2026-11-22T02:04:14Z","LastUsedAt":null,"UsageCount":1}]}
            """;

        var df = Parse(json, DockerJsonContext.Default.DiskUsage);

        Assert.Equal(987654321, df.LayersSize);
        Assert.Equal(1000, Assert.Single(df.Images!).SharedSize);
        Assert.Equal(42, Assert.Single(df.BuildCache!).Size);
    }

    [Fact]
    public void Parse_VersionAndInfoOn26_FieldsHiyReads()
    {
        const string version = """
            {"Platform":{"Name":"Docker Engine - Community"},"Components":[{"Name":"Engine","Version":"26.1.5","Details":{"ApiVersion":"1.45"}}],
             "Version":"26.1.5","ApiVersion":"1.45","MinAPIVersion":"1.24","GitCommit":"411e817","GoVersion":"go1.22.7","Os":"linux",
             "Arch":"arm64","KernelVersion":"6.12.0","BuildTime":"2026-01-01T00:00:00.000000000+00:00"}
            """;
        const string info = """
            {"ID":"x","Containers":3,"ContainersRunning":2,"Images":5,"Driver":"overlay2","DriverStatus":[["Backing Filesystem","extfs"]],
             "MemoryLimit":true,"SwapLimit":false,"PidsLimit":true,"CgroupDriver":"systemd","CgroupVersion":"2","KernelVersion":"6.12.0",
             "OperatingSystem":"Debian GNU/Linux 13 (trixie)","OSType":"linux","Architecture":"aarch64","NCPU":4,"MemTotal":8000000000,
             "DockerRootDir":"/var/lib/docker","Name":"hiy","ServerVersion":"26.1.5","CDISpecDirs":[],"Containerd":null,
             "Runtimes":{"runc":{"path":"runc"}},"DefaultAddressPools":null,"Warnings":null}
            """;

        var v = Parse(version, DockerJsonContext.Default.SystemVersion);
        var i = Parse(info, DockerJsonContext.Default.SystemInfo);

        Assert.Equal("1.45", v.ApiVersion);
        Assert.Equal("1.24", v.MinAPIVersion);
        Assert.Equal("aarch64", i.Architecture);
        Assert.Equal("2", i.CgroupVersion);
        Assert.Equal(4, i.NCPU);
    }

    [Fact]
    public void Parse_EventOn145_WithTheOldStatusIdFromFields()
    {
        const string json = """
            {"status":"die","id":"c1","from":"hiy/blog:abc-1","Type":"container","Action":"die",
             "Actor":{"ID":"c1","Attributes":{"exitCode":"137","hiy.app":"blog","image":"hiy/blog:abc-1","name":"hiy-blog-1"}},
             "scope":"local","time":1733000000,"timeNano":1733000000123456789}
            """;

        var e = Parse(json, DockerJsonContext.Default.DockerEvent);

        Assert.Equal("die", e.Action);
        Assert.Equal("137", e.Attribute("exitCode"));
        Assert.Equal(1733000000123456789, e.TimeNano);
    }

    [Fact]
    public void Parse_StatsOnCgroupV2_NoMaxUsageAndUnlimitedPids()
    {
        const string json = """
            {"read":"2026-11-22T02:04:14.1Z","preread":"2026-11-22T02:04:13.1Z","pids_stats":{"current":3,"limit":18446744073709551615},
             "num_procs":0,"storage_stats":{},
             "cpu_stats":{"cpu_usage":{"total_usage":2000,"usage_in_kernelmode":1000,"usage_in_usermode":1000},"system_cpu_usage":100000,"online_cpus":4,"throttling_data":{}},
             "precpu_stats":{"cpu_usage":{"total_usage":1000},"system_cpu_usage":50000,"online_cpus":4},
             "memory_stats":{"usage":1048576,"stats":{"anon":524288,"file":262144,"inactive_file":4096},"limit":536870912},
             "name":"/hiy-blog-1","id":"c1","networks":{"eth0":{"rx_bytes":10,"tx_bytes":20}}}
            """;

        var s = Parse(json, DockerJsonContext.Default.ContainerStats);

        Assert.Equal(ulong.MaxValue, s.PidsStats!.Limit);
        Assert.Equal(0UL, s.MemoryStats!.MaxUsage);
        Assert.Null(s.CpuStats!.CpuUsage!.PercpuUsage);
        Assert.Equal(4u, s.CpuStats.OnlineCpus);
    }
}
