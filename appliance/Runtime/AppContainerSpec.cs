using System.Globalization;
using Hiy.Docker.Models;
using Hiy.Store;

namespace Hiy.Runtime;

/// <summary>
/// How hiy runs an app's container, decided in one pure function: name <c>hiy-&lt;app&gt;-&lt;deploy&gt;</c>,
/// labels, limits, every capability dropped but the ones the user opted into, no new privileges, the
/// port published on 127.0.0.1 only (Docker picks the host port), the app's named volume and network.
/// </summary>
public static class AppContainerSpec
{
    public const string Network = "hiy-net";
    public const string LabelApp = "hiy.app";
    public const string LabelDeploy = "hiy.deploy";
    public const string LabelManaged = "hiy.managed";
    public const long DefaultPidsLimit = 256;

    public static string ContainerName(string app, long deployId) =>
        $"hiy-{app}-{deployId.ToString(CultureInfo.InvariantCulture)}";

    public static string VolumeName(string app) => $"hiy-{app}-data";

    /// <summary>Images of an app are <c>hiy/&lt;app&gt;:&lt;tag&gt;</c>; pruning touches nothing else on the host.</summary>
    public static string ImageRepository(string app) => $"hiy/{app}";

    public static ContainerCreateRequest Build(AppRecord app, long deployId, string image, IReadOnlyDictionary<string, string> env)
    {
        var port = $"{app.Port.ToString(CultureInfo.InvariantCulture)}/tcp";
        var environment = new List<string>(env.Count + 1);
        foreach (var (k, v) in env)
        {
            if (k != "PORT")
                environment.Add($"{k}={v}");
        }
        // Heroku's contract: the app listens on $PORT.
        environment.Add($"PORT={app.Port.ToString(CultureInfo.InvariantCulture)}");
        var memory = (long)app.MemoryMb * 1024 * 1024;
        return new ContainerCreateRequest
        {
            Image = image,
            Env = [.. environment],
            Labels = new Dictionary<string, string>
            {
                [LabelApp] = app.Name,
                [LabelDeploy] = deployId.ToString(CultureInfo.InvariantCulture),
                [LabelManaged] = "1",
            },
            ExposedPorts = new Dictionary<string, EmptyObject> { [port] = new() },
            Hostname = app.Name,
            HostConfig = new HostConfig
            {
                Memory = memory,
                MemorySwap = memory, // no swap: a Pi's SD card must not become an app's swap space
                NanoCpus = HostConfig.NanoCpusFor(app.Cpus),
                PidsLimit = DefaultPidsLimit,
                RestartPolicy = RestartPolicy.UnlessStopped,
                CapDrop = ["ALL"],
                CapAdd = app.CapAdd.Count == 0 ? null : [.. app.CapAdd],
                SecurityOpt = ["no-new-privileges"],
                Privileged = false,
                NetworkMode = Network,
                PortBindings = new Dictionary<string, PortBinding[]> { [port] = [new PortBinding { HostIp = "127.0.0.1", HostPort = "" }] },
                Mounts = app.VolumePath is { Length: > 0 } path
                    ? [new Mount { Type = "volume", Source = VolumeName(app.Name), Target = path }]
                    : null,
                LogConfig = new LogConfig { Type = "json-file", Config = new() { ["max-size"] = "10m", ["max-file"] = "3" } },
            },
            NetworkingConfig = new NetworkingConfig
            {
                EndpointsConfig = new Dictionary<string, EndpointSettings> { [Network] = new() { Aliases = [app.Name] } },
            },
        };
    }
}
