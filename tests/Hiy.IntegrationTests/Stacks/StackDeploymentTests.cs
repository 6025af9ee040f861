using System.Net;
using System.Text.Json;
using Hiy.Docker;
using Hiy.Docker.Models;
using Hiy.Tests.Docker;

namespace Hiy.Tests.Stacks;

/// <summary>Deployments run by the hiy executable against the real dockerd, reached through its proxy.</summary>
[Collection(DockerCollection.Name)]
public sealed class StackDeploymentTests(DockerFixture docker)
{
    /// <summary>A service that stops at once on SIGTERM (sh as PID 1 ignores it otherwise) after running <paramref name="script"/>.</summary>
    private static string Command(string script) => JsonSerializer.Serialize(new[] { "sh", "-c", $"trap 'exit 0' TERM; {script}; while :; do sleep 1; done" });

    private async Task<string> ImageAsync()
    {
        var tag = $"hiy-test-stack-{docker.Run}:1";
        using var tar = TarContext.Dockerfile("FROM hiy-test/busybox\nRUN mkdir -p /www && echo 'image default' > /www/index.html\n");
        await docker.Client.BuildImageAsync(tar, new ImageBuildOptions { Tags = [tag], Labels = docker.Labels() });
        return tag;
    }

    [Fact]
    public async Task ThreeServiceStack_StartsInOrderWithFilesVolumesAndRoute_DeleteCleansUp()
    {
        var image = await ImageAsync();
        await using var hiy = await StackHiy.StartAsync();
        var compose = $$"""
            services:
              web:
                image: {{image}}
                command: {{Command("[ -f /data/first ] || date +%s%N > /data/first; echo first=$(cat /data/first); httpd -p 8080 -h /www")}}
                ports: ["8080:8080"]
                volumes: ["data:/data"]
                depends_on:
                  api:
                    condition: service_healthy
                labels: {hiy.test: "1", hiy.test.run: "{{docker.Run}}"}
              api:
                image: {{image}}
                command: {{Command("sleep 1; httpd -p 9000 -h /www")}}
                healthcheck:
                  test: ["CMD-SHELL", "wget -q -O- http://127.0.0.1:9000/ || exit 1"]
                  interval: 300ms
                  retries: 30
                depends_on: [db]
                labels: {hiy.test: "1", hiy.test.run: "{{docker.Run}}"}
              db:
                image: {{image}}
                command: {{Command("echo db up")}}
                labels: {hiy.test: "1", hiy.test.run: "{{docker.Run}}"}
            volumes:
              data:
            """;
        var template = await hiy.PublishedTemplateAsync("three tier " + docker.Run, compose,
            """[{"name":"index.html","path":"/www/index.html","content":"hello from a config file"}]""");
        var name = docker.Unique("tier");
        var created = await hiy.SendAsync(HttpMethod.Post, "/api/v1/deployments",
            $$"""{"template_id":"{{template}}","customer_id":"c1","name":"{{name}}"}""", HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal("pending", created.GetProperty("status").GetString());
        Assert.Equal($"{name}.example.com", created.GetProperty("domains")[0].GetProperty("hostname").GetString());

        var running = await hiy.SendAsync(HttpMethod.Post, $"/api/v1/deployments/{id}/start", null, HttpStatusCode.OK);

        Assert.Equal("running", running.GetProperty("status").GetString());
        var started = new Dictionary<string, DateTimeOffset>();
        foreach (var service in new[] { "db", "api", "web" })
        {
            var inspect = await docker.Client.InspectContainerAsync($"hiy-{id}-{service}");
            started[service] = inspect.State!.StartedAt;
            // The app sandbox: every capability dropped, no new privileges, the default memory limit, no swap.
            Assert.Equal(["ALL"], inspect.HostConfig!.CapDrop!);
            Assert.Contains("no-new-privileges", inspect.HostConfig.SecurityOpt!);
            Assert.Equal(512L << 20, inspect.HostConfig.Memory);
            Assert.Equal(inspect.HostConfig.Memory, inspect.HostConfig.MemorySwap);
            Assert.Equal(id, inspect.Config!.Labels![Hiy.Stacks.StackNames.LabelDeployment]);
        }
        Assert.True(started["db"] < started["api"] && started["api"] < started["web"], string.Join(", ", started.Select(s => $"{s.Key} {s.Value:O}")));
        // web waited for api's health check to pass, which takes api at least its one-second sleep.
        Assert.True(started["web"] - started["api"] >= TimeSpan.FromSeconds(1), $"web started {started["web"] - started["api"]} after api");
        var web = running.GetProperty("containers").EnumerateArray().Single(c => c.GetProperty("service_name").GetString() == "web");
        var hostPort = web.GetProperty("ports")[0].GetProperty("host_port").GetInt32();
        Assert.NotEqual(8080, hostPort);
        Assert.Equal(8080, web.GetProperty("ports")[0].GetProperty("requested_host_port").GetInt32());

        // The config file is at its path in every service, and the route reaches it.
        var (status, body) = await hiy.ViaProxyAsync($"{name}.example.com");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("hello from a config file", body);
        var inApi = await docker.Client.CopyFromContainerAsync($"hiy-{id}-api", "/www/index.html", ReadTarTextAsync);
        Assert.Equal("hello from a config file", inApi);
        var first = await FirstLineAsync(hiy, id);

        // Stop, then start again: the named volume keeps what the first run wrote.
        await hiy.SendAsync(HttpMethod.Post, $"/api/v1/deployments/{id}/stop", null, HttpStatusCode.OK);
        var stopped = await hiy.SendAsync(HttpMethod.Get, $"/api/v1/deployments/{id}", null, HttpStatusCode.OK);
        Assert.Equal("stopped", stopped.GetProperty("status").GetString());
        Assert.All(stopped.GetProperty("containers").EnumerateArray(), c => Assert.Equal("exited", c.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await hiy.ViaProxyAsync($"{name}.example.com")).Status);
        await hiy.SendAsync(HttpMethod.Post, $"/api/v1/deployments/{id}/stop", null, HttpStatusCode.Conflict);
        await hiy.SendAsync(HttpMethod.Post, $"/api/v1/deployments/{id}/start", null, HttpStatusCode.OK);
        await hiy.SendAsync(HttpMethod.Post, $"/api/v1/deployments/{id}/start", null, HttpStatusCode.Conflict);
        Assert.Equal(first, await FirstLineAsync(hiy, id));
        Assert.Equal("hello from a config file", (await hiy.ViaProxyAsync($"{name}.example.com")).Body);

        // The template cannot go while the deployment lives.
        await hiy.SendAsync(HttpMethod.Delete, $"/api/v1/templates/{template}", null, HttpStatusCode.Conflict);
        var deleted = await hiy.SendAsync(HttpMethod.Delete, $"/api/v1/deployments/{id}", null, HttpStatusCode.OK);

        Assert.Equal("deleted", deleted.GetProperty("status").GetString());
        var mine = DockerFilters.Label($"{Hiy.Stacks.StackNames.LabelDeployment}={id}");
        Assert.Empty(await docker.Client.ListContainersAsync(all: true, mine));
        Assert.Empty(await docker.Client.ListNetworksAsync(mine));
        var kept = Assert.Single(await docker.Client.ListVolumesAsync(mine));
        Assert.Equal($"hiy-{id}-data", kept.Name);
        await docker.Client.RemoveVolumeAsync(kept.Name);
        // The name is no deployment's any more: whatever answers it now (a name under the domain that no app or site has
        // is the control plane's), it is not the deployment.
        Assert.DoesNotContain("hello from a config file", (await hiy.ViaProxyAsync($"{name}.example.com")).Body);
        await hiy.SendAsync(HttpMethod.Delete, $"/api/v1/deployments/{id}", null, HttpStatusCode.NotFound);
        await hiy.SendAsync(HttpMethod.Delete, $"/api/v1/templates/{template}", null, HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task TwoDeploymentsOfOneTemplate_SameHostPorts_BothRunAndPurgeRemovesVolumes()
    {
        var image = await ImageAsync();
        await using var hiy = await StackHiy.StartAsync();
        var template = await hiy.PublishedTemplateAsync("twice " + docker.Run, $$"""
            services:
              web:
                image: {{image}}
                command: {{Command("echo ${GREETING} > /www/index.html; httpd -p 80 -h /www")}}
                ports: ["8080:80", "8443:80"]
                volumes: ["www:/www"]
                cap_add: [NET_BIND_SERVICE]
                labels: {hiy.test: "1", hiy.test.run: "{{docker.Run}}"}
            volumes:
              www:
            """);
        var ids = new List<string>();
        var names = new[] { docker.Unique("twin"), docker.Unique("twin") };
        foreach (var name in names)
        {
            var created = await hiy.SendAsync(HttpMethod.Post, "/api/v1/deployments",
                $$$"""{"template_id":"{{{template}}}","customer_id":"c2","name":"{{{name}}}","variables":{"GREETING":"hello {{{name}}}"}}""", HttpStatusCode.Created);
            Assert.Equal(["GREETING"], created.GetProperty("variables").EnumerateArray().Select(v => v.GetString()));
            ids.Add(created.GetProperty("id").GetString()!);
        }
        await hiy.SendAsync(HttpMethod.Post, "/api/v1/deployments",
            $$$"""{"template_id":"{{{template}}}","customer_id":"c2","name":"{{{names[0]}}}","variables":{"GREETING":"x"}}""", HttpStatusCode.Conflict);
        var missing = await hiy.SendAsync(HttpMethod.Post, "/api/v1/deployments", $$"""{"template_id":"{{template}}","customer_id":"c2"}""",
            HttpStatusCode.UnprocessableEntity);
        Assert.Contains("has no value", missing.GetProperty("errors").GetProperty("variables.GREETING").GetString());

        var ports = new List<int>();
        foreach (var id in ids)
        {
            var running = await hiy.SendAsync(HttpMethod.Post, $"/api/v1/deployments/{id}/start", null, HttpStatusCode.OK);
            Assert.Equal("running", running.GetProperty("status").GetString());
            ports.AddRange(running.GetProperty("containers")[0].GetProperty("ports").EnumerateArray().Select(p => p.GetProperty("host_port").GetInt32()));
        }

        Assert.Equal(4, ports.Distinct().Count());
        foreach (var name in names)
        {
            var (status, body) = await hiy.ViaProxyAsync($"{name}.example.com");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal($"hello {name}", body.Trim());
        }
        var listed = await hiy.SendAsync(HttpMethod.Get, $"/api/v1/deployments?template_id={template}", null, HttpStatusCode.OK);
        Assert.Equal(ids, listed.GetProperty("deployments").EnumerateArray().Select(d => d.GetProperty("id").GetString()));
        Assert.Empty((await hiy.SendAsync(HttpMethod.Get, "/api/v1/deployments?customer_id=nobody", null, HttpStatusCode.OK))
            .GetProperty("deployments").EnumerateArray());
        var logs = await hiy.SendAsync(HttpMethod.Get, $"/api/v1/deployments/{ids[0]}/logs?service=nope", null, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("no service 'nope'", logs.GetProperty("errors").GetProperty("service").GetString());

        foreach (var id in ids)
            await hiy.SendAsync(HttpMethod.Delete, $"/api/v1/deployments/{id}?purge=true", null, HttpStatusCode.OK);

        foreach (var id in ids)
            Assert.Empty(await docker.Client.ListVolumesAsync(DockerFilters.Label($"{Hiy.Stacks.StackNames.LabelDeployment}={id}")));
    }

    [Fact]
    public async Task Start_ImageNotOnTheMachine_FailsNamingItAndDeploymentIsFailed()
    {
        await using var hiy = await StackHiy.StartAsync();
        var missing = $"hiy-test-missing-{docker.Run}:none";
        var template = await hiy.PublishedTemplateAsync("missing " + docker.Run, $"services:\n  web:\n    image: {missing}\n");
        var created = await hiy.SendAsync(HttpMethod.Post, "/api/v1/deployments", $$"""{"template_id":"{{template}}","customer_id":"c3"}""",
            HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        Assert.StartsWith("missing-", created.GetProperty("name").GetString());

        var problem = await hiy.SendAsync(HttpMethod.Post, $"/api/v1/deployments/{id}/start", null, HttpStatusCode.UnprocessableEntity);

        Assert.Contains($"image '{missing}' is not on this machine", problem.GetProperty("errors").GetProperty("image").GetString());
        var failed = await hiy.SendAsync(HttpMethod.Get, $"/api/v1/deployments/{id}", null, HttpStatusCode.OK);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Contains(missing, failed.GetProperty("error_message").GetString());
        await hiy.SendAsync(HttpMethod.Delete, $"/api/v1/deployments/{id}", null, HttpStatusCode.OK);
    }

    private static async Task<string> FirstLineAsync(StackHiy hiy, string id)
    {
        for (var i = 0; i < 50; i++)
        {
            var logs = await hiy.SendAsync(HttpMethod.Get, $"/api/v1/deployments/{id}/logs?service=web", null, HttpStatusCode.OK);
            if (logs.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("text").GetString()!).FirstOrDefault(t => t.StartsWith("first=", StringComparison.Ordinal))
                is { } line)
                return line;
            await Task.Delay(100);
        }
        Assert.Fail("web never logged its first= line");
        return "";
    }

    private static async Task<string> ReadTarTextAsync(Stream tar, CancellationToken ct)
    {
        using var reader = new System.Formats.Tar.TarReader(tar);
        var entry = await reader.GetNextEntryAsync(cancellationToken: ct);
        using var text = new StreamReader(entry!.DataStream!);
        return await text.ReadToEndAsync(ct);
    }
}
