using Hiy.Builds;
using Hiy.Core;
using Hiy.Runtime;
using Hiy.Store;
using Microsoft.AspNetCore.Http.Features;

namespace Hiy.Web.Api;

/// <summary>
/// /api/v1/sites: versioned static sites served by hiy itself (phost's model): upload a .tar.gz per
/// version, pick the active one; every version stays reachable at /v/{version}/.
/// </summary>
public sealed class SitesEndpoints(SiteRepository sites, AppRepository apps, HiyPaths paths, RuntimeService runtime, AppsEndpoints appsApi)
{
    public Task ListAsync(HttpContext ctx) =>
        HttpResults.Json(ctx, new SiteListResponse(sites.List().Select(s => View(s)).ToArray()), ApiJsonContext.Default.SiteListResponse);

    public async Task GetAsync(HttpContext ctx)
    {
        if (await FindAsync(ctx) is { } site)
            await HttpResults.Json(ctx, View(site), ApiJsonContext.Default.SiteView);
    }

    public async Task GetVersionAsync(HttpContext ctx)
    {
        if (await FindAsync(ctx) is not { } site)
            return;
        var version = (string)ctx.GetRouteValue("version")!;
        if (View(site).Versions.FirstOrDefault(v => v.Version == version) is { } v)
            await HttpResults.Json(ctx, v, ApiJsonContext.Default.SiteVersionView);
        else
            await HttpResults.Problem(ctx, 404, "No such version", $"site '{site.Name}' has no version '{version}'");
    }

    public async Task PutVersionAsync(HttpContext ctx)
    {
        var name = (string)ctx.GetRouteValue("site")!;
        var version = (string)ctx.GetRouteValue("version")!;
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (AppName.Check(name) is { } bad)
            errors["site"] = bad;
        if (!IsVersion(version))
            errors["version"] = "must be 1-64 letters, digits, '.', '_' or '-' (not '.' or '..')";
        if (errors.Count > 0)
        {
            await HttpResults.Invalid(ctx, 400, "Bad site or version", errors);
            return;
        }
        if (apps.Find(name) is not null)
        {
            await HttpResults.Problem(ctx, 409, "Name taken", $"an app named '{name}' already serves {name}.<domain>");
            return;
        }
        if (sites.Find(name)?.Versions.Any(v => v.Version == version) == true)
        {
            await HttpResults.Problem(ctx, 409, "Version exists", $"site '{name}' already has version '{version}'; versions are immutable, upload a new one");
            return;
        }
        if (ctx.Request.ContentLength > SiteArchive.MaxTotalBytes)
        {
            // Said before a byte is read: a 10 GB Content-Length is refused, not streamed into the disk.
            await HttpResults.Problem(ctx, 413, "Archive too large",
                $"Content-Length {ctx.Request.ContentLength} is over the {SiteArchive.MaxTotalBytes >> 20} MB limit of a site version",
                new Dictionary<string, string> { ["Content-Length"] = $"at most {SiteArchive.MaxTotalBytes} bytes" });
            return;
        }
        if (ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = SiteArchive.MaxTotalBytes;
        var dir = paths.SiteVersionDir(name, version);
        (int Files, long Bytes) result;
        try
        {
            result = await SiteArchive.ExtractAsync(ctx.Request.Body, dir, ctx.RequestAborted);
        }
        catch (SiteArchiveException e)
        {
            await HttpResults.Problem(ctx, 400, "Bad archive", $"site '{name}' version '{version}': {e.Message}");
            return;
        }
        catch (IOException e) when (Directory.Exists(dir))
        {
            await HttpResults.Problem(ctx, 409, "Version exists", $"site '{name}' version '{version}' is already on disk: {e.Message}");
            return;
        }
        sites.AddVersion(name, version, result.Files, result.Bytes);
        if (sites.Find(name) is { ActiveVersion: null })
            sites.SetActive(name, version); // a site's first version goes live at once
        runtime.RepublishRoutes();
        ctx.Response.Headers.Location = $"/api/v1/sites/{name}/versions/{version}";
        await HttpResults.Json(ctx, View(sites.Find(name)!).Versions.First(v => v.Version == version), ApiJsonContext.Default.SiteVersionView, 201);
    }

    public async Task ActivateAsync(HttpContext ctx)
    {
        if (await FindOwnAsync(ctx) is not { } site)
            return;
        var body = await JsonBody.ReadAsync(ctx, ApiJsonContext.Default.ActivateRequest);
        if (!body.Ok)
            return;
        if (body.Value!.Version is not { } version || site.Versions.All(v => v.Version != version))
        {
            await HttpResults.Problem(ctx, 422, "No such version", $"site '{site.Name}' has no version '{body.Value.Version}'",
                new Dictionary<string, string> { ["version"] = "must name an uploaded version" });
            return;
        }
        sites.SetActive(site.Name, version);
        runtime.RepublishRoutes();
        await HttpResults.Json(ctx, View(sites.Find(site.Name)!), ApiJsonContext.Default.SiteView);
    }

    public async Task DeleteAsync(HttpContext ctx)
    {
        if (await FindOwnAsync(ctx) is not { } site)
            return;
        sites.Delete(site.Name);
        runtime.RepublishRoutes();
        var dir = Path.Combine(paths.Sites, HiyPaths.Segment(site.Name));
        if (Directory.Exists(dir))
            Directory.Delete(dir, recursive: true);
        ctx.Response.StatusCode = 204;
    }

    public async Task DeleteVersionAsync(HttpContext ctx)
    {
        if (await FindOwnAsync(ctx) is not { } site)
            return;
        var version = (string)ctx.GetRouteValue("version")!;
        if (site.ActiveVersion == version)
        {
            await HttpResults.Problem(ctx, 409, "Version is live", $"'{version}' is the active version of '{site.Name}'; activate another first");
            return;
        }
        if (!IsVersion(version) || !sites.DeleteVersion(site.Name, version))
        {
            await HttpResults.Problem(ctx, 404, "No such version", $"site '{site.Name}' has no version '{version}'");
            return;
        }
        runtime.RepublishRoutes();
        var dir = paths.SiteVersionDir(site.Name, version);
        if (Directory.Exists(dir))
            Directory.Delete(dir, recursive: true);
        ctx.Response.StatusCode = 204;
    }

    /// <summary>
    /// A site for changing: an app's own site (from static deploys) is refused, since its deploys and
    /// rollbacks own the active version and the app's route depends on it.
    /// </summary>
    private async Task<SiteRecord?> FindOwnAsync(HttpContext ctx)
    {
        if (await FindAsync(ctx) is not { } site)
            return null;
        if (apps.Find(site.Name) is null)
            return site;
        await HttpResults.Problem(ctx, 409, "Site belongs to an app",
            $"site '{site.Name}' is published by the deploys of app '{site.Name}': deploy it, or POST /api/v1/apps/{site.Name}/rollback");
        return null;
    }

    private async Task<SiteRecord?> FindAsync(HttpContext ctx)
    {
        var name = (string)ctx.GetRouteValue("site")!;
        if (sites.Find(name) is { } site)
            return site;
        await HttpResults.Problem(ctx, 404, "No such site", $"there is no site named '{name}'");
        return null;
    }

    private static bool IsVersion(string v) =>
        v.Length is > 0 and <= 64 && v is not "." and not ".." && v.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    private SiteView View(SiteRecord s)
    {
        var baseUrl = appsApi.UrlFor(s.Name).TrimEnd('/');
        return new SiteView(s.Name, s.ActiveVersion, baseUrl + "/",
            s.Versions.Select(v => new SiteVersionView(v.Version, v.FileCount, v.SizeBytes, v.CreatedAt, $"{baseUrl}/v/{v.Version}/")).ToArray());
    }
}
