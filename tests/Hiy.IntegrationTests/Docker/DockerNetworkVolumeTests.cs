using Hiy.Docker;
using Hiy.Docker.Models;

namespace Hiy.Tests.Docker;

[Collection(DockerCollection.Name)]
public class DockerNetworkVolumeTests(DockerFixture fx)
{
    [Fact]
    public async Task Networks_CreateListInspectConnectRemove_RoundTrip()
    {
        await using var scope = fx.NewScope();
        var name = fx.Unique("hiy-test-net");
        var marker = fx.Unique("net");

        var id = await fx.Client.CreateNetworkAsync(new NetworkCreateRequest { Name = name, Labels = fx.Labels(("hiy.test.net", marker)) });
        scope.Network(name);
        var listed = await fx.Client.ListNetworksAsync(DockerFilters.Label($"hiy.test.net={marker}"));
        var container = scope.Container(await fx.Client.CreateContainerAsync(fx.Unique("hiy-test-netc"), new ContainerCreateRequest
        {
            Image = "hiy-test/busybox",
            Cmd = ["sleep", "60"],
            Labels = fx.Labels(),
        }));
        await fx.Client.StartContainerAsync(container);
        await fx.Client.ConnectNetworkAsync(name, container, ["svc"]);
        var inspect = await fx.Client.InspectNetworkAsync(name);
        var attached = (await fx.Client.InspectContainerAsync(container)).NetworkSettings!.Networks!;
        await fx.Client.DisconnectNetworkAsync(name, container);
        await fx.Client.RemoveContainerAsync(container, force: true);
        await fx.Client.RemoveNetworkAsync(name);

        Assert.Equal(id, Assert.Single(listed).Id);
        Assert.Equal(name, inspect.Name);
        Assert.Equal("bridge", inspect.Driver);
        Assert.Contains(container, inspect.Containers!.Keys);
        Assert.Contains("svc", attached[name].Aliases!);
        var e = await Assert.ThrowsAsync<DockerApiException>(() => fx.Client.InspectNetworkAsync(name));
        Assert.True(e.IsNotFound);
    }

    [Fact]
    public async Task Volumes_CreateListRemove_RoundTrip()
    {
        await using var scope = fx.NewScope();
        var name = fx.Unique("hiy-test-vol");

        var created = await fx.Client.CreateVolumeAsync(new VolumeCreateRequest { Name = scope.Volume(name), Labels = fx.Labels() });
        var listed = await fx.Client.ListVolumesAsync(DockerFilters.Label($"hiy.test.run={fx.Run}"));
        var inspected = await fx.Client.InspectVolumeAsync(name);
        await fx.Client.RemoveVolumeAsync(name);
        var after = await fx.Client.ListVolumesAsync(new Dictionary<string, string[]> { ["name"] = [name] });

        Assert.Equal(name, created.Name);
        Assert.Equal("local", created.Driver);
        Assert.Contains(listed, v => v.Name == name);
        Assert.Equal("1", inspected.Labels!["hiy.test"]);
        Assert.Empty(after);
    }

    [Fact]
    public async Task RemoveVolumeAsync_InUse_Conflict()
    {
        await using var scope = fx.NewScope();
        var name = scope.Volume(fx.Unique("hiy-test-vol"));
        await fx.Client.CreateVolumeAsync(new VolumeCreateRequest { Name = name, Labels = fx.Labels() });
        scope.Container(await fx.Client.CreateContainerAsync(fx.Unique("hiy-test-volc"), new ContainerCreateRequest
        {
            Image = "hiy-test/busybox",
            Cmd = ["true"],
            Labels = fx.Labels(),
            HostConfig = new HostConfig { Binds = [$"{name}:/data"] },
        }));

        var e = await Assert.ThrowsAsync<DockerApiException>(() => fx.Client.RemoveVolumeAsync(name));

        Assert.Equal(System.Net.HttpStatusCode.Conflict, e.StatusCode);
        Assert.Contains("in use", e.Message);
    }
}
