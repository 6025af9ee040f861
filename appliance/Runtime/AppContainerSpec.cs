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

    /// <summary>
    /// The sandbox and limits of every container hiy runs, an app's or a stack service's: the memory limit with no swap,
    /// the CPU share, a pids limit, every capability dropped but the allowed ones asked for, no new privileges, never
    /// privileged, restarted unless stopped, logs capped. Callers add the network, ports and mounts.
    /// </summary>
    public static HostConfig Hardened(long memoryBytes, double cpus, IReadOnlyList<string> capAdd) => new()
    {
        Memory = memoryBytes,
        MemorySwap = memoryBytes, // no swap: a Pi's SD card must not become an app's swap space
        NanoCpus = HostConfig.NanoCpusFor(cpus),
        PidsLimit = DefaultPidsLimit,
        RestartPolicy = RestartPolicy.UnlessStopped,
        CapDrop = ["ALL"],
        CapAdd = capAdd.Count == 0 ? null : [.. capAdd],
        SecurityOpt = ["no-new-privileges"],
        Privileged = false,
        LogConfig = new LogConfig { Type = "json-file", Config = new() { ["max-size"] = "10m", ["max-file"] = "3" } },
    };

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
            HostConfig = Hardened((long)app.MemoryMb * 1024 * 1024, app.Cpus, app.CapAdd) with
            {
                NetworkMode = Network,
                PortBindings = new Dictionary<string, PortBinding[]> { [port] = [new PortBinding { HostIp = "127.0.0.1", HostPort = "" }] },
                Mounts = app.VolumePath is { Length: > 0 } path
                    ? [new Mount { Type = "volume", Source = VolumeName(app.Name), Target = path }]
                    : null,
            },
            NetworkingConfig = new NetworkingConfig
            {
                EndpointsConfig = new Dictionary<string, EndpointSettings> { [Network] = new() { Aliases = [app.Name] } },
            },
        };
    }
}
