using System.Globalization;
using Hiy.Docker.Models;

namespace Hiy.Runtime;

/// <summary>What Docker says about one of hiy's containers, reduced to what decisions need.</summary>
public sealed record ObservedContainer(
    string Id,
    string Name,
    string App,
    long DeployId,
    bool Running,
    bool Restarting,
    int ExitCode,
    bool OomKilled,
    int? HostPort,
    DateTimeOffset StartedAt,
    string? Health)
{
    /// <summary>Null when the container is not one of hiy's (no or malformed labels).</summary>
    public static ObservedContainer? From(ContainerInspect c, int containerPort)
    {
        var labels = c.Config?.Labels;
        if (labels is null || !labels.TryGetValue(AppContainerSpec.LabelApp, out var app)
            || !labels.TryGetValue(AppContainerSpec.LabelDeploy, out var deployText)
            || !long.TryParse(deployText, NumberStyles.None, CultureInfo.InvariantCulture, out var deploy))
            return null;
        var s = c.State;
        return new ObservedContainer(c.Id, c.Name.TrimStart('/'), app, deploy, s?.Running == true, s?.Restarting == true,
            s?.ExitCode ?? 0, s?.OOMKilled == true, c.PublishedPort(containerPort), s?.StartedAt ?? default, s?.Health?.Status);
    }
}
