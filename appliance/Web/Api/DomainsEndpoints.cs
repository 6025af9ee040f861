using Hiy.Acme;

namespace Hiy.Web.Api;

/// <summary>/api/v1/apps/{app}/domains: an app's custom domains and their certificates (decisions in <see cref="CustomDomainService"/>).</summary>
public sealed class DomainsEndpoints(CustomDomainService service, CertificateManager certificates)
{
    private static string DomainFrom(HttpContext ctx) => (string)ctx.GetRouteValue("domain")!;

    public Task ListAsync(HttpContext ctx)
    {
        var app = AppsEndpoints.AppFrom(ctx);
        if (service.List(app) is not { } list)
            return NoApp(ctx, app);
        return HttpResults.Json(ctx, new DomainListResponse(list.Select(View).ToArray(), certificates.DomainsDisabledReason),
            ApiJsonContext.Default.DomainListResponse);
    }

    public Task GetAsync(HttpContext ctx) => AnswerAsync(ctx, service.Get(AppsEndpoints.AppFrom(ctx), DomainFrom(ctx)));

    public async Task CreateAsync(HttpContext ctx)
    {
        var body = await JsonBody.ReadAsync(ctx, ApiJsonContext.Default.DomainRequest);
        if (!body.Ok)
            return;
        var app = AppsEndpoints.AppFrom(ctx);
        var change = service.Add(app, body.Value!.Domain);
        if (change is { Outcome: DomainChangeOutcome.Added, Domain: { } added })
            ctx.Response.Headers.Location = $"/api/v1/apps/{app}/domains/{added.Domain}";
        await AnswerAsync(ctx, change);
    }

    public Task DeleteAsync(HttpContext ctx) => AnswerAsync(ctx, service.Remove(AppsEndpoints.AppFrom(ctx), DomainFrom(ctx)));

    public Task RenewAsync(HttpContext ctx) => AnswerAsync(ctx, service.Renew(AppsEndpoints.AppFrom(ctx), DomainFrom(ctx)));

    private static Task AnswerAsync(HttpContext ctx, DomainChange change)
    {
        var app = AppsEndpoints.AppFrom(ctx);
        switch (change.Outcome)
        {
            case DomainChangeOutcome.Added:
                return HttpResults.Json(ctx, View(change.Domain!), ApiJsonContext.Default.DomainView, 201);
            case DomainChangeOutcome.Unchanged:
                return HttpResults.Json(ctx, View(change.Domain!), ApiJsonContext.Default.DomainView);
            case DomainChangeOutcome.Removed:
                ctx.Response.StatusCode = 204;
                return Task.CompletedTask;
            case DomainChangeOutcome.Queued:
                return HttpResults.Json(ctx, new DomainRenewResponse("queued", change.Domain!.Domain), ApiJsonContext.Default.DomainRenewResponse, 202);
            case DomainChangeOutcome.Invalid:
                return HttpResults.Invalid(ctx, 422, "Invalid domain", new Dictionary<string, string> { ["domain"] = change.Detail! });
            case DomainChangeOutcome.Taken:
                return HttpResults.Problem(ctx, 409, "Domain taken", $"domain is already used by app '{change.Detail}'; remove it there first",
                    new Dictionary<string, string> { ["domain"] = $"is used by app '{change.Detail}'" });
            case DomainChangeOutcome.NoSuchApp:
                return NoApp(ctx, app);
            case DomainChangeOutcome.AcmeOff:
                return HttpResults.Problem(ctx, 409, "ACME is off", $"no certificate can be ordered for {change.Domain!.Domain}: {change.Detail}");
            default:
                return HttpResults.Problem(ctx, 404, "No such domain", $"app '{app}' has no domain '{DomainFrom(ctx)}'");
        }
    }

    private static Task NoApp(HttpContext ctx, string app) => HttpResults.Problem(ctx, 404, "No such app", $"there is no app named '{app}'");

    private static DomainView View(DomainCertificateStatus d) =>
        new(d.Domain, d.App, d.Status, d.NotAfter, d.Error, d.SerialNumber, d.NextAttemptAt, d.CreatedAt, "https://" + d.Domain);
}
