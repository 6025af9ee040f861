using Hiy.Docker;
using Hiy.Store;

namespace Hiy.Stacks;

public sealed partial class StackService
{
    public IReadOnlyList<DeploymentRecord> ListDeployments(string? customerId, string? templateId) => deployments.List(customerId, templateId);

    public async Task<StackResult<DeploymentState>> GetDeploymentAsync(string id, CancellationToken ct)
    {
        if (deployments.Find(id) is not { } d)
            return StackError.NotFound("deployment", id);
        return await StateAsync(d, ct);
    }

    public async Task<StackResult<DeploymentState>> CreateDeploymentAsync(DeploymentInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (input.TemplateId is not { Length: > 0 })
            errors["template_id"] = "required";
        if (input.CustomerId is not { Length: > 0 and <= 128 } || input.CustomerId.Any(char.IsControl))
            errors["customer_id"] = "required: 1-128 characters, no control characters";
        foreach (var (k, v) in input.Variables ?? new Dictionary<string, string?>())
        {
            if (v is null)
                errors[$"variables.{k}"] = "must be a string";
        }
        if (errors.Count > 0)
            return StackError.Invalid("Invalid deployment", errors);
        if (templates.Find(input.TemplateId!) is not { } template)
            return new StackError(StackErrorKind.NotFound, "No such template", $"no template '{input.TemplateId}'",
                new Dictionary<string, string> { ["template_id"] = $"no template '{input.TemplateId}'" });
        if (!template.Published)
            return new StackError(StackErrorKind.Conflict, "Template not published", $"template '{template.Id}' is not published; publish it first",
                new Dictionary<string, string> { ["template_id"] = "not published" });
        var variables = (input.Variables ?? new Dictionary<string, string?>()).ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.Ordinal);
        var parse = ComposeParser.Parse(template.ComposeSpec, variables);
        if (!parse.Ok)
            return StackError.Invalid("Invalid variables", parse.Errors());
        var name = input.Name ?? $"{template.Slug}-{StackNames.RandomHex(6)}";
        if (NameProblem(name) is { } nameProblem)
            return nameProblem;
        var record = new DeploymentRecord
        {
            Id = StackNames.NewDeploymentId(), Name = name, TemplateId = template.Id, TemplateVersion = template.Version,
            CustomerId = input.CustomerId!, Variables = variables,
        };
        if (deployments.Insert(record) is not { } saved)
            return NameProblem(name) ?? new StackError(StackErrorKind.Conflict, "Name taken", $"'{name}' was just taken");
        await routes.RefreshAsync(ct);
        return await StateAsync(saved, ct);
    }

    /// <summary>pending → scheduled → starting → running (or stopped/failed → starting → running); failed when the runtime fails.</summary>
    public async Task<StackResult<DeploymentState>> StartAsync(string id, CancellationToken ct)
    {
        if (deployments.Find(id) is not { } d)
            return StackError.NotFound("deployment", id);
        var from = d.Status;
        if (from == DeploymentStatus.Pending)
        {
            if (!Move(d, DeploymentStatus.Pending, DeploymentStatus.Scheduled))
                return Refused(id, "start");
            from = DeploymentStatus.Scheduled;
        }
        if (!Move(d, from, DeploymentStatus.Starting))
            return Refused(id, "start");
        await routes.RefreshAsync(ct);
        var (spec, files) = SpecOf(d);
        try
        {
            await runtime.StartAsync(d.Id, spec, files, ct);
            Move(d, DeploymentStatus.Starting, DeploymentStatus.Running);
            await routes.RefreshAsync(ct);
            return await StateAsync(deployments.Find(id)!, ct);
        }
        catch (Exception e) when (e is StackException or DockerApiException)
        {
            var error = e.Message;
            StacksLog.Failed(log, d.Id, d.Name, error);
            deployments.TryMove(d.Id, DeploymentStatus.Starting, DeploymentStatus.Failed, error);
            await routes.RefreshAsync(CancellationToken.None);
            var field = e is StackException { Image: not null } ? "image" : e is StackException { Service: { } s } ? $"services.{s}" : null;
            return new StackError(e is DockerApiException ? StackErrorKind.Unavailable : StackErrorKind.Invalid, "Deployment failed to start",
                $"deployment '{d.Name}': {error}", field is null ? null : new Dictionary<string, string> { [field] = error });
        }
    }

    /// <summary>running → stopping → stopped.</summary>
    public async Task<StackResult<DeploymentState>> StopAsync(string id, CancellationToken ct)
    {
        if (deployments.Find(id) is not { } d)
            return StackError.NotFound("deployment", id);
        if (!Move(d, DeploymentStatus.Running, DeploymentStatus.Stopping))
            return Refused(id, "stop");
        try
        {
            await runtime.StopAsync(d.Id, SpecOf(d).Spec, ct);
        }
        catch (DockerApiException e)
        {
            // Hoster has no stopping → failed; the containers' state is unknown, so the record says stopped with the error.
            StacksLog.Failed(log, d.Id, d.Name, e.Message);
            Move(d, DeploymentStatus.Stopping, DeploymentStatus.Stopped);
            await routes.RefreshAsync(CancellationToken.None);
            return new StackError(StackErrorKind.Unavailable, "Docker failed", $"deployment '{d.Name}': stop: {e.Message}");
        }
        Move(d, DeploymentStatus.Stopping, DeploymentStatus.Stopped);
        await routes.RefreshAsync(ct);
        return await StateAsync(deployments.Find(id)!, ct);
    }

    /// <summary>
    /// Hoster's DELETE stops a running deployment first (running → stopping → stopped), then stopped/failed/pending →
    /// deleting → deleted: containers and network removed, volumes only with <paramref name="purge"/>.
    /// </summary>
    public async Task<StackResult<DeploymentRecord>> DeleteAsync(string id, bool purge, CancellationToken ct)
    {
        if (deployments.Find(id) is not { Status: not DeploymentStatus.Deleted } d)
            return StackError.NotFound("deployment", id);
        if (d.Status == DeploymentStatus.Running && await StopAsync(id, ct) is { Error: { } stopError })
            return stopError;
        d = deployments.Find(id)!;
        // A delete that Docker failed stays deleting; asking again finishes it (deleting → deleted).
        if (d.Status != DeploymentStatus.Deleting && !Move(d, d.Status, DeploymentStatus.Deleting))
            return Refused(id, "delete");
        try
        {
            // A deployment that never started has nothing in Docker.
            if (d.Status != DeploymentStatus.Pending)
                await runtime.DeleteAsync(d.Id, purge, ct);
        }
        catch (DockerApiException e)
        {
            StacksLog.Failed(log, d.Id, d.Name, e.Message);
            return new StackError(StackErrorKind.Unavailable, "Docker failed",
                $"deployment '{d.Name}': delete: {e.Message}; it stays deleting, DELETE it again once Docker answers");
        }
        Move(d, DeploymentStatus.Deleting, DeploymentStatus.Deleted);
        await routes.RefreshAsync(ct);
        return deployments.Find(id)!;
    }

    public async Task<StackResult<IReadOnlyList<DockerLogLineView>>> LogsAsync(string id, string? service, int tail, CancellationToken ct)
    {
        if (deployments.Find(id) is not { Status: not DeploymentStatus.Deleted } d)
            return StackError.NotFound("deployment", id);
        var spec = SpecOf(d).Spec;
        var names = service is null ? spec.Services.Select(s => s.Name).ToArray() : [service];
        if (service is not null && spec.Find(service) is null)
            return StackError.Invalid("No such service", new Dictionary<string, string>
            {
                ["service"] = $"deployment '{d.Name}' has no service '{service}' (services: {string.Join(", ", spec.Services.Select(s => s.Name))})",
            });
        var lines = new List<DockerLogLineView>();
        foreach (var name in names)
        {
            try
            {
                foreach (var line in await runtime.LogsAsync(d.Id, name, tail, ct))
                    lines.Add(new DockerLogLineView(name, line.Stream == Docker.Models.DockerLogStream.Stderr ? "stderr" : "stdout", line.Text, line.Timestamp));
            }
            catch (DockerApiException e) when (e.IsNotFound)
            {
                // A service that has no container (never started, or removed) has no log.
            }
            catch (DockerApiException e)
            {
                return new StackError(StackErrorKind.Unavailable, "Docker failed", $"deployment '{d.Name}': logs of '{name}': {e.Message}");
            }
        }
        return lines.OrderBy(l => l.At).ToList();
    }

    private bool Move(DeploymentRecord d, DeploymentStatus from, DeploymentStatus to)
    {
        if (!DeploymentTransitions.CanMove(from, to) || !deployments.TryMove(d.Id, from, to))
            return false;
        StacksLog.StatusChanged(log, d.Id, d.Name, DeploymentRecord.StatusText(to));
        return true;
    }

    private StackError Refused(string id, string action)
    {
        var now = deployments.Find(id)?.Status ?? DeploymentStatus.Deleted;
        var next = DeploymentTransitions.From(now);
        return new StackError(StackErrorKind.Conflict, "Invalid transition",
            $"cannot {action} deployment '{id}' while it is {DeploymentRecord.StatusText(now)}"
            + (next.Count == 0 ? "" : $" (from {DeploymentRecord.StatusText(now)} it can go to {string.Join(", ", next.Select(DeploymentRecord.StatusText))})"),
            new Dictionary<string, string> { ["status"] = DeploymentRecord.StatusText(now) });
    }

    private (ComposeSpec Spec, IReadOnlyList<TemplateConfigFile> Files) SpecOf(DeploymentRecord d) => DeploymentSpec.Resolve(templates, d);

    private async Task<DeploymentState> StateAsync(DeploymentRecord d, CancellationToken ct)
    {
        IReadOnlyList<StackServiceState> services = [];
        if (d.Status != DeploymentStatus.Deleted)
        {
            try
            {
                services = await runtime.InspectAsync(d.Id, SpecOf(d).Spec, ct);
            }
            catch (DockerApiException e)
            {
                StacksLog.RouteReadFailed(log, d.Id, e.Message);
            }
        }
        return new DeploymentState(d, services, routes.Hostname(d.Name));
    }
}

/// <summary>One line of a service's log.</summary>
public sealed record DockerLogLineView(string Service, string Stream, string Text, DateTimeOffset? At);
