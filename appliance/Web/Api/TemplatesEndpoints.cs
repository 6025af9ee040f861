using Hiy.Stacks;
using Hiy.Store;

namespace Hiy.Web.Api;

/// <summary>/api/v1/templates (Hoster's API): create, list, get, update while unpublished, publish, delete when unused.</summary>
public sealed class TemplatesEndpoints(StackService stacks)
{
    public Task ListAsync(HttpContext ctx) =>
        HttpResults.Json(ctx, new TemplateListResponse(stacks.ListTemplates().Select(View).ToArray()), ApiJsonContext.Default.TemplateListResponse);

    public Task GetAsync(HttpContext ctx) => AnswerAsync(ctx, stacks.GetTemplate(Id(ctx)));

    public async Task CreateAsync(HttpContext ctx)
    {
        var body = await JsonBody.ReadAsync(ctx, ApiJsonContext.Default.TemplateRequest);
        if (body.Ok)
            await AnswerAsync(ctx, stacks.CreateTemplate(Input(body.Value!)), 201);
    }

    public async Task UpdateAsync(HttpContext ctx)
    {
        var body = await JsonBody.ReadAsync(ctx, ApiJsonContext.Default.TemplateRequest);
        if (body.Ok)
            await AnswerAsync(ctx, stacks.UpdateTemplate(Id(ctx), Input(body.Value!)));
    }

    public Task PublishAsync(HttpContext ctx) => AnswerAsync(ctx, stacks.PublishTemplate(Id(ctx)));

    public async Task DeleteAsync(HttpContext ctx)
    {
        if (stacks.DeleteTemplate(Id(ctx)) is { } error)
            await StackProblems.WriteAsync(ctx, error);
        else
            ctx.Response.StatusCode = 204;
    }

    public static TemplateView View(TemplateRecord t) => new(t.Id, t.Name, t.Slug, t.Version, t.CreatorId, t.Description, t.ComposeSpec,
        t.ConfigFiles.Select(f => new ConfigFileBody(f.Name, f.Path, f.Content)).ToArray(), t.PriceMonthly, t.Published, t.CreatedAt, t.UpdatedAt);

    private static TemplateInput Input(TemplateRequest r) => new(r.Name, r.Version, r.CreatorId, r.Description, r.ComposeSpec,
        r.ConfigFiles?.Select(f => f is null ? null : new TemplateConfigFile(f.Name!, f.Path!, f.Content!)).ToArray(), r.PriceMonthly);

    private static Task AnswerAsync(HttpContext ctx, StackResult<TemplateRecord> result, int status = 200) => result.Error is { } error
        ? StackProblems.WriteAsync(ctx, error)
        : HttpResults.Json(ctx, View(result.Value!), ApiJsonContext.Default.TemplateView, status);

    private static string Id(HttpContext ctx) => (string)ctx.GetRouteValue("id")!;
}

/// <summary>A stacks failure as problem+json: 404, 409, 422 with every field, 503 when Docker failed.</summary>
internal static class StackProblems
{
    public static Task WriteAsync(HttpContext ctx, StackError error) => HttpResults.Problem(ctx, error.Kind switch
    {
        StackErrorKind.NotFound => 404,
        StackErrorKind.Conflict => 409,
        StackErrorKind.Invalid => 422,
        _ => 503,
    }, error.Title, error.Detail, error.Errors);
}
