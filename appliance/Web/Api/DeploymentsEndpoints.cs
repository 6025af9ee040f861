using System.Globalization;
using Hiy.Stacks;
using Hiy.Store;

namespace Hiy.Web.Api;

/// <summary>/api/v1/deployments (Hoster's API): create from a published template, list, get with containers, start, stop, delete, logs.</summary>
public sealed class DeploymentsEndpoints(StackService stacks, StackRoutes routes)
{
    public Task ListAsync(HttpContext ctx)
    {
        var customer = ctx.Request.Query["customer_id"] is { Count: > 0 } c ? c.ToString() : null;
        var template = ctx.Request.Query["template_id"] is { Count: > 0 } t ? t.ToString() : null;
        var list = stacks.ListDeployments(customer, template).Select(d => View(d, null, routes.Hostname(d.Name))).ToArray();
        return HttpResults.Json(ctx, new DeploymentListResponse(list), ApiJsonContext.Default.DeploymentListResponse);
    }

    public async Task GetAsync(HttpContext ctx) => await AnswerAsync(ctx, await stacks.GetDeploymentAsync(Id(ctx), ctx.RequestAborted));

    public async Task CreateAsync(HttpContext ctx)
    {
        var body = await JsonBody.ReadAsync(ctx, ApiJsonContext.Default.DeploymentRequest);
        if (!body.Ok)
            return;
        var r = body.Value!;
        await AnswerAsync(ctx, await stacks.CreateDeploymentAsync(new DeploymentInput(r.TemplateId, r.CustomerId, r.Name, r.Variables), ctx.RequestAborted), 201);
    }

    public async Task StartAsync(HttpContext ctx) => await AnswerAsync(ctx, await stacks.StartAsync(Id(ctx), ctx.RequestAborted));

    public async Task StopAsync(HttpContext ctx) => await AnswerAsync(ctx, await stacks.StopAsync(Id(ctx), ctx.RequestAborted));

    public async Task DeleteAsync(HttpContext ctx)
    {
        var purge = ctx.Request.Query["purge"].ToString();
        if (purge is not ("" or "true" or "false"))
        {
            await HttpResults.Problem(ctx, 400, "Bad purge", "purge must be true or false", new Dictionary<string, string> { ["purge"] = "true or false" });
            return;
        }
        var result = await stacks.DeleteAsync(Id(ctx), purge == "true", ctx.RequestAborted);
        if (result.Error is { } error)
            await StackProblems.WriteAsync(ctx, error);
        else
            await HttpResults.Json(ctx, View(result.Value!, null, routes.Hostname(result.Value!.Name)), ApiJsonContext.Default.DeploymentView);
    }

    public async Task LogsAsync(HttpContext ctx)
    {
        var tail = 100;
        if (ctx.Request.Query["tail"] is { Count: > 0 } t && (!int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out tail) || tail > LogsEndpoints.MaxTail))
        {
            await HttpResults.Problem(ctx, 400, "Bad tail", $"tail must be a whole number from 0 to {LogsEndpoints.MaxTail}",
                new Dictionary<string, string> { ["tail"] = $"0 to {LogsEndpoints.MaxTail}" });
            return;
        }
        var service = ctx.Request.Query["service"] is { Count: > 0 } s ? s.ToString() : null;
        var result = await stacks.LogsAsync(Id(ctx), service, tail, ctx.RequestAborted);
        if (result.Error is { } error)
            await StackProblems.WriteAsync(ctx, error);
        else
            await HttpResults.Json(ctx, new DeploymentLogResponse(result.Value!.Select(l => new DeploymentLogLine(l.Service, l.Stream, l.Text, l.At)).ToArray()),
                ApiJsonContext.Default.DeploymentLogResponse);
    }

    private static DeploymentView View(DeploymentRecord d, IReadOnlyList<StackServiceState>? services, string hostname) => new(
        d.Id, d.Name, d.TemplateId, d.TemplateVersion, d.CustomerId, DeploymentRecord.StatusText(d.Status), d.ErrorMessage,
        d.Status == DeploymentStatus.Deleted ? [] : [new DeploymentDomainView(hostname, "auto")], d.Variables.Keys.Order(StringComparer.Ordinal).ToArray(),
        services?.Select(s => new DeploymentContainerView(s.Service, s.ContainerId, s.Image, s.Status, s.Health,
            s.Ports.Select(p => new DeploymentPortView(p.ContainerPort, p.Protocol, p.HostPort, p.RequestedHostPort)).ToArray(), s.StartedAt)).ToArray(),
        d.CreatedAt, d.UpdatedAt, d.StartedAt, d.StoppedAt);

    private static Task AnswerAsync(HttpContext ctx, StackResult<DeploymentState> result, int status = 200) => result.Error is { } error
        ? StackProblems.WriteAsync(ctx, error)
        : HttpResults.Json(ctx, View(result.Value!.Deployment, result.Value.Services, result.Value.Hostname), ApiJsonContext.Default.DeploymentView, status);

    private static string Id(HttpContext ctx) => (string)ctx.GetRouteValue("id")!;
}
