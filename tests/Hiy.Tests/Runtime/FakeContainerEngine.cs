using System.Net;
using System.Runtime.CompilerServices;
using Hiy.Docker;
using Hiy.Docker.Models;
using Hiy.Runtime;

namespace Hiy.Tests.Runtime;

/// <summary>
/// An in-memory engine for decision tests: containers with labels, a run state and a published port, and a
/// journal of every state-changing call (shared with <see cref="FakeRouteSwap"/>, so the order of start,
/// swap and retire can be asserted). Not a model of dockerd; integration tests use the real one.
/// </summary>
internal sealed class FakeContainerEngine(Journal journal) : IContainerEngine
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Box> _containers = new(StringComparer.Ordinal);
    private readonly List<ImageSummary> _images = [];
    private int _nextPort = 40000;

    private sealed class Box
    {
        public required string Id { get; init; }
        public required string Name { get; init; }
        public required Dictionary<string, string> Labels { get; init; }
        public bool Running { get; set; }
        public int ExitCode { get; set; }
        public int Port { get; init; }
    }

    /// <summary>Containers whose name starts with this exit at once when started (a crashing app).</summary>
    public string? ExitsOnStart { get; set; }

    public IReadOnlyList<string> Names { get { lock (_lock) return [.. _containers.Values.Select(c => c.Name).Order(StringComparer.Ordinal)]; } }

    public bool IsRunning(string name) { lock (_lock) return _containers.Values.Any(c => c.Name == name && c.Running); }

    public int PortOf(string name) { lock (_lock) return _containers.Values.Single(c => c.Name == name).Port; }

    /// <summary>A container as a previous run of hiy left it.</summary>
    public void Add(string app, long deployId, bool running = true)
    {
        var name = AppContainerSpec.ContainerName(app, deployId);
        lock (_lock)
            _containers[name] = new Box
            {
                Id = "id-" + name, Name = name, Running = running, Port = _nextPort++,
                Labels = new() { [AppContainerSpec.LabelApp] = app, [AppContainerSpec.LabelDeploy] = deployId.ToString(System.Globalization.CultureInfo.InvariantCulture), [AppContainerSpec.LabelManaged] = "1" },
            };
    }

    public void AddImage(string id, string[] tags, Dictionary<string, string> labels)
    {
        lock (_lock)
            _images.Add(new ImageSummary { Id = id, RepoTags = tags, Labels = labels });
    }

    public IReadOnlyList<string> ImageIds { get { lock (_lock) return [.. _images.Select(i => i.Id)]; } }

    private Box Find(string nameOrId) =>
        _containers.Values.FirstOrDefault(c => c.Id == nameOrId || c.Name == nameOrId)
        ?? throw new DockerApiException($"container '{nameOrId}': no such container", HttpStatusCode.NotFound);

    public Task<NetworkInspect[]> ListNetworksAsync(IReadOnlyDictionary<string, string[]>? filters, CancellationToken ct) =>
        Task.FromResult(new[] { new NetworkInspect { Id = "net", Name = AppContainerSpec.Network } });

    public Task<string> CreateNetworkAsync(NetworkCreateRequest request, CancellationToken ct) => Task.FromResult("net");

    public Task<Volume> CreateVolumeAsync(VolumeCreateRequest request, CancellationToken ct) => Task.FromResult(new Volume { Name = request.Name });

    public Task RemoveVolumeAsync(string volume, bool force, CancellationToken ct) => Task.CompletedTask;

    public Task<string> CreateContainerAsync(string? name, ContainerCreateRequest request, CancellationToken ct)
    {
        lock (_lock)
        {
            var box = new Box { Id = "id-" + name, Name = name!, Labels = request.Labels ?? [], Port = _nextPort++ };
            _containers[box.Name] = box;
            journal.Add($"create {name}");
            return Task.FromResult(box.Id);
        }
    }

    public Task StartContainerAsync(string container, CancellationToken ct)
    {
        lock (_lock)
        {
            var box = Find(container);
            var exits = ExitsOnStart is { } prefix && box.Name.StartsWith(prefix, StringComparison.Ordinal);
            box.Running = !exits;
            box.ExitCode = exits ? 3 : 0;
            journal.Add($"start {box.Name}");
        }
        return Task.CompletedTask;
    }

    public Task StopContainerAsync(string container, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        lock (_lock)
        {
            var box = Find(container);
            box.Running = false;
            journal.Add($"stop {box.Name}");
        }
        return Task.CompletedTask;
    }

    public Task RestartContainerAsync(string container, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        lock (_lock)
            Find(container).Running = true;
        return Task.CompletedTask;
    }

    public Task RemoveContainerAsync(string container, bool force, bool removeVolumes, CancellationToken ct)
    {
        lock (_lock)
        {
            var box = Find(container);
            _containers.Remove(box.Name);
            journal.Add($"remove {box.Name}");
        }
        return Task.CompletedTask;
    }

    public Task<string[]> UpdateContainerAsync(string container, ContainerUpdateRequest update, CancellationToken ct)
    {
        lock (_lock)
            journal.Add($"update {Find(container).Name}");
        return Task.FromResult(Array.Empty<string>());
    }

    public Task<ContainerInspect> InspectContainerAsync(string container, CancellationToken ct)
    {
        lock (_lock)
        {
            var box = Find(container);
            var ports = new Dictionary<string, PortBinding[]?>();
            foreach (var c in new[] { 8080, 5000 })
                ports[$"{c}/tcp"] = [new PortBinding { HostIp = "127.0.0.1", HostPort = box.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) }];
            return Task.FromResult(new ContainerInspect
            {
                Id = box.Id,
                Name = "/" + box.Name,
                State = new ContainerState { Running = box.Running, ExitCode = box.ExitCode, Status = box.Running ? "running" : "exited" },
                Config = new ContainerConfig { Labels = new(box.Labels) },
                NetworkSettings = new NetworkSettings { Ports = ports },
            });
        }
    }

    public Task<ContainerSummary[]> ListContainersAsync(bool all, IReadOnlyDictionary<string, string[]>? filters, CancellationToken ct)
    {
        var wanted = filters?.GetValueOrDefault("label") ?? [];
        lock (_lock)
            return Task.FromResult(_containers.Values
                .Where(c => (all || c.Running) && wanted.All(w => w.Split('=', 2) is [var k, var v] && c.Labels.GetValueOrDefault(k) == v))
                .Select(c => new ContainerSummary { Id = c.Id, Names = ["/" + c.Name] }).ToArray());
    }

    /// <summary>Stats a test set per container name; a running container without any answers zeros.</summary>
    public Dictionary<string, ContainerStats> Stats { get; } = new(StringComparer.Ordinal);

    public Task<ContainerStats> GetStatsAsync(string container, CancellationToken ct)
    {
        lock (_lock)
        {
            var box = Find(container);
            if (!box.Running)
                throw new DockerApiException($"container '{container}': is not running", HttpStatusCode.Conflict);
            return Task.FromResult(Stats.GetValueOrDefault(box.Name) ?? new ContainerStats { Name = "/" + box.Name });
        }
    }

    public Task<ImageSummary[]> ListImagesAsync(IReadOnlyDictionary<string, string[]>? filters, CancellationToken ct)
    {
        var dangling = filters?.GetValueOrDefault("dangling") is ["true"];
        var wanted = filters?.GetValueOrDefault("label") ?? [];
        lock (_lock)
            return Task.FromResult(_images
                .Where(i => (!dangling || i.RepoTags is null or []) && wanted.All(w => w.Split('=', 2) is [var k, var v] && i.Labels?.GetValueOrDefault(k) == v))
                .ToArray());
    }

    public Task<ImageDeleteItem[]> RemoveImageAsync(string image, bool force, CancellationToken ct)
    {
        lock (_lock)
        {
            if (_images.RemoveAll(i => i.Id == image) == 0)
                throw new DockerApiException($"image '{image}': no such image", HttpStatusCode.NotFound);
            journal.Add($"remove image {image}");
        }
        return Task.FromResult(Array.Empty<ImageDeleteItem>());
    }

    public Task<bool> ImageExistsAsync(string image, CancellationToken ct)
    {
        lock (_lock)
            return Task.FromResult(_images.Any(i => i.Id == image || (i.RepoTags ?? []).Contains(image)));
    }

    public async IAsyncEnumerable<DockerLogLine> GetLogsAsync(string container, LogsOptions options, [EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Delay(Timeout.Infinite, ct);
        yield break;
    }

    public async IAsyncEnumerable<DockerEvent> WatchEventsAsync(EventWatchOptions options, [EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Delay(Timeout.Infinite, ct);
        yield break;
    }
}
