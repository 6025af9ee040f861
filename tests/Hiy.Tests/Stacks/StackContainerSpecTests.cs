using Hiy.Proxy;
using Hiy.Runtime;
using Hiy.Stacks;
using Hiy.Store;

namespace Hiy.Tests.Stacks;

public class StackContainerSpecTests
{
    [Fact]
    public void Build_Service_GetsTheAppSandboxNetworkVolumesAndLoopbackPorts()
    {
        var service = ComposeParser.Parse("""
            services:
              web:
                image: nginx
                ports: ["8080:80", "8443:80", "53:53/udp"]
                volumes: ["data:/usr/share/nginx/html:ro"]
                environment: {A: "1"}
                cap_add: [NET_BIND_SERVICE]
                mem_limit: 64m
                restart: "no"
                healthcheck:
                  test: ["CMD", "true"]
                  interval: 2s
            volumes:
              data:
            """).Spec!.Services[0];

        var c = StackContainerSpec.Build("depl_abc", service);

        var app = AppContainerSpec.Hardened(64L << 20, 0.5, ["NET_BIND_SERVICE"]);
        Assert.Equal(app.CapDrop, c.HostConfig!.CapDrop);
        Assert.Equal(app.CapAdd, c.HostConfig.CapAdd);
        Assert.Equal(app.SecurityOpt, c.HostConfig.SecurityOpt);
        Assert.Equal(64L << 20, c.HostConfig.MemorySwap);
        Assert.Equal(AppContainerSpec.DefaultPidsLimit, c.HostConfig.PidsLimit);
        Assert.Equal("no", c.HostConfig.RestartPolicy!.Name);
        Assert.Equal("hiy-depl_abc", c.HostConfig.NetworkMode);
        Assert.Equal(["web"], c.NetworkingConfig!.EndpointsConfig!["hiy-depl_abc"].Aliases!);
        Assert.Equal(["127.0.0.1:", "127.0.0.1:"], c.HostConfig.PortBindings!["80/tcp"].Select(b => $"{b.HostIp}:{b.HostPort}"));
        Assert.Single(c.HostConfig.PortBindings["53/udp"]);
        var mount = Assert.Single(c.HostConfig.Mounts!);
        Assert.Equal(("hiy-depl_abc-data", "/usr/share/nginx/html", true), (mount.Source, mount.Target, mount.ReadOnly));
        Assert.Equal(["A=1"], c.Env!);
        Assert.Equal(2_000_000_000, c.Healthcheck!.Interval);
        Assert.Equal("depl_abc", c.Labels![StackNames.LabelDeployment]);
        Assert.Equal("web", c.Labels[StackNames.LabelService]);
    }

    [Fact]
    public void Build_NoLimitsGiven_AppDefaults()
    {
        var c = StackContainerSpec.Build("depl_x", new ComposeService { Name = "db", Image = "postgres" });

        var defaults = new AppRecord { Name = "x" };
        Assert.Equal((long)defaults.MemoryMb << 20, c.HostConfig!.Memory);
        Assert.Equal(Hiy.Docker.Models.HostConfig.NanoCpusFor(defaults.Cpus), c.HostConfig.NanoCpus);
        Assert.Equal("unless-stopped", c.HostConfig.RestartPolicy!.Name);
        Assert.Null(c.HostConfig.PortBindings);
        Assert.Null(c.HostConfig.CapAdd);
    }

    [Fact]
    public void Inputs_EachStatus_RoutesRunningAndPagesTheRest()
    {
        DeploymentRecord D(string name, DeploymentStatus s) => new()
        {
            Id = "depl_" + name, Name = name, TemplateId = "t", TemplateVersion = "1.0.0", CustomerId = "c", Status = s,
        };

        var inputs = StackRoutes.Inputs([
            (D("up", DeploymentStatus.Running), 32768), (D("new", DeploymentStatus.Pending), null), (D("off", DeploymentStatus.Stopped), null),
            (D("bad", DeploymentStatus.Failed), null), (D("gone", DeploymentStatus.Deleted), null), (D("boot", DeploymentStatus.Starting), null)]);

        Assert.Equal(["up:32768:", "new::NotDeployed", "off::Stopped", "bad::Failed", "boot::Starting"],
            inputs.Select(i => $"{i.Name}:{i.UpstreamPort}:{i.Down?.Reason}"));
    }

    [Fact]
    public void WithStacks_NameOfAnAppOrSite_StaysTheirs()
    {
        var inputs = new RouteInputs("example.com", [new AppInput("blog", 1000)], [new SiteInput("docs", new Dictionary<string, string>(), null)]);

        var merged = RoutePublisher.WithStacks(inputs, [new AppInput("blog", 2000), new AppInput("docs", 3000), new AppInput("shop", 4000)]);

        Assert.Equal(["blog:1000", "shop:4000"], merged.Apps.Select(a => $"{a.Name}:{a.UpstreamPort}"));
    }

    [Theory]
    [InlineData("WordPress Blog", "wordpress-blog")]
    [InlineData("  nginx  web  ", "nginx-web")]
    [InlineData("three_tier-app", "three-tier-app")]
    [InlineData("Ünïcode 2", "ncode-2")]
    public void Slug_Name_IsHostersSlug(string name, string slug) => Assert.Equal(slug, TemplateRules.Slug(name));
}
