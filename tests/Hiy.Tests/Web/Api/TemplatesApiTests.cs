using System.Net;
using System.Text.Json;
using Hiy.Tests.Web;

namespace Hiy.Tests.Web.Api;

/// <summary>/api/v1/templates and the deployment rules that need no Docker, on a real hiy (Kestrel, SQLite).</summary>
public sealed class TemplatesApiTests
{
    private const string Nginx = "services:\\n  web:\\n    image: nginx:alpine\\n    ports:\\n      - \\\"8080:80\\\"";

    [Fact]
    public async Task Create_HosterExample_AnswersHosterShape()
    {
        await using var h = await ApiHost.StartAsync();
        await h.SetupAsync();

        var created = await h.Client.PostAsync("/api/v1/templates", ApiHost.Json($$"""
            {"name":"nginx web","version":"1.0.0","creator_id":"user-1","description":"Simple nginx web server","compose_spec":"{{Nginx}}",
             "config_files":[{"name":"default.conf","path":"/etc/nginx/conf.d/default.conf","content":"server { listen 80; }"}],"price_monthly":500}
            """));

        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body);
        var t = JsonDocument.Parse(body).RootElement;
        Assert.StartsWith("tmpl_", t.GetProperty("id").GetString());
        Assert.Equal("nginx-web", t.GetProperty("slug").GetString());
        Assert.False(t.GetProperty("published").GetBoolean());
        Assert.Equal(500, t.GetProperty("price_monthly").GetInt64());
        Assert.Equal("/etc/nginx/conf.d/default.conf", t.GetProperty("config_files")[0].GetProperty("path").GetString());
        var listed = JsonDocument.Parse(await h.Client.GetStringAsync("/api/v1/templates")).RootElement.GetProperty("templates");
        Assert.Equal(t.GetProperty("id").GetString(), Assert.Single(listed.EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Create_UnsafeSpecAndBadFields_422ListsEveryProblem()
    {
        await using var h = await ApiHost.StartAsync();
        await h.SetupAsync();

        var response = await h.Client.PostAsync("/api/v1/templates", ApiHost.Json("""
            {"name":"x","version":"1.0","creator_id":"","price_monthly":-1,
             "compose_spec":"services:\n  web:\n    image: a\n    privileged: true\n    volumes: [\"/:/host\"]\n    depends_on: [db]",
             "config_files":[{"name":"a","path":"/etc/../passwd","content":"x"},null]}
            """));

        var problem = await ApiHost.ProblemAsync(response, 422);
        var errors = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToArray();
        Assert.Equal(["name", "version", "creator_id", "price_monthly", "services.web.privileged", "services.web.volumes[0]", "services.web.depends_on.db",
            "config_files[0].path", "config_files[1]"], errors);
        Assert.Contains("services.web.privileged: not allowed", problem.GetProperty("detail").GetString());
        Assert.Empty(JsonDocument.Parse(await h.Client.GetStringAsync("/api/v1/templates")).RootElement.GetProperty("templates").EnumerateArray());
    }

    [Fact]
    public async Task Update_PublishedTemplate_Is409AndDraftUpdateKeepsOtherFields()
    {
        await using var h = await ApiHost.StartAsync();
        await h.SetupAsync();
        var id = await CreateAsync(h, "draft one");

        var updated = await h.Client.PutAsync($"/api/v1/templates/{id}", ApiHost.Json("""{"description":"Updated description","price_monthly":500}"""));
        var t = JsonDocument.Parse(await updated.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("Updated description", t.GetProperty("description").GetString());
        Assert.Equal("draft one", t.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.OK, (await h.Client.PostAsync($"/api/v1/templates/{id}/publish", null)).StatusCode);

        var again = await h.Client.PutAsync($"/api/v1/templates/{id}", ApiHost.Json("""{"description":"too late"}"""));

        var problem = await ApiHost.ProblemAsync(again, 409);
        Assert.Contains("only unpublished templates can be updated", problem.GetProperty("detail").GetString());
        await ApiHost.ProblemAsync(await h.Client.PutAsync("/api/v1/templates/tmpl_nope", ApiHost.Json("{}")), 404);
        await ApiHost.ProblemAsync(await h.Client.PostAsync("/api/v1/templates/tmpl_nope/publish", null), 404);
    }

    [Fact]
    public async Task Create_SameSlugTwice_Is409NamingIt()
    {
        await using var h = await ApiHost.StartAsync();
        await h.SetupAsync();
        await CreateAsync(h, "My App");

        var second = await h.Client.PostAsync("/api/v1/templates", ApiHost.Json($$"""{"name":"my-app","version":"1.0.0","creator_id":"u","compose_spec":"{{Nginx}}"}"""));

        var problem = await ApiHost.ProblemAsync(second, 409);
        Assert.Contains("'my-app'", problem.GetProperty("errors").GetProperty("name").GetString());
    }

    [Fact]
    public async Task CreateDeployment_UnpublishedOrMissingTemplateOrTakenName_AnswersEach()
    {
        await using var h = await ApiHost.StartAsync();
        await h.SetupAsync();
        var draft = await CreateAsync(h, "draft two");
        Assert.Equal(HttpStatusCode.Created, (await h.Client.PostAsync("/api/v1/apps", ApiHost.Json("""{"name":"blog"}"""))).StatusCode);

        var unpublished = await h.Client.PostAsync("/api/v1/deployments", ApiHost.Json($$"""{"template_id":"{{draft}}","customer_id":"c"}"""));
        var missing = await h.Client.PostAsync("/api/v1/deployments", ApiHost.Json("""{"template_id":"tmpl_nope","customer_id":"c"}"""));
        var empty = await h.Client.PostAsync("/api/v1/deployments", ApiHost.Json("""{}"""));
        await h.Client.PostAsync($"/api/v1/templates/{draft}/publish", null);
        var badName = await h.Client.PostAsync("/api/v1/deployments", ApiHost.Json($$"""{"template_id":"{{draft}}","customer_id":"c","name":"Bad_Name"}"""));
        var appName = await h.Client.PostAsync("/api/v1/deployments", ApiHost.Json($$"""{"template_id":"{{draft}}","customer_id":"c","name":"blog"}"""));

        Assert.Contains("not published", (await ApiHost.ProblemAsync(unpublished, 409)).GetProperty("errors").GetProperty("template_id").GetString());
        Assert.Contains("tmpl_nope", (await ApiHost.ProblemAsync(missing, 404)).GetProperty("errors").GetProperty("template_id").GetString());
        var emptyErrors = (await ApiHost.ProblemAsync(empty, 422)).GetProperty("errors");
        Assert.Equal(["template_id", "customer_id"], emptyErrors.EnumerateObject().Select(e => e.Name));
        Assert.True((await ApiHost.ProblemAsync(badName, 422)).GetProperty("errors").TryGetProperty("name", out _));
        Assert.Contains("an app", (await ApiHost.ProblemAsync(appName, 409)).GetProperty("errors").GetProperty("name").GetString());
    }

    [Fact]
    public async Task DeploymentLifecycle_WithoutDocker_StartFailsAndDeleteStaysDeleting()
    {
        await using var h = await ApiHost.StartAsync();
        await h.SetupAsync();
        var id = await CreateAsync(h, "life cycle");
        await h.Client.PostAsync($"/api/v1/templates/{id}/publish", null);
        var created = await h.Client.PostAsync("/api/v1/deployments", ApiHost.Json($$"""{"template_id":"{{id}}","customer_id":"c","name":"life"}"""));
        var deployment = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var depl = deployment.GetProperty("id").GetString()!;
        Assert.StartsWith("depl_", depl);

        await ApiHost.ProblemAsync(await h.Client.PostAsync($"/api/v1/deployments/{depl}/stop", null), 409);
        // No dockerd behind this hiy: a start is the dependency's failure (503), recorded on the deployment.
        var start = await ApiHost.ProblemAsync(await h.Client.PostAsync($"/api/v1/deployments/{depl}/start", null), 503);
        Assert.Contains("deployment 'life'", start.GetProperty("detail").GetString());
        var failed = JsonDocument.Parse(await h.Client.GetStringAsync($"/api/v1/deployments/{depl}")).RootElement;
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        await ApiHost.ProblemAsync(await h.Client.DeleteAsync($"/api/v1/templates/{id}"), 409);
        await ApiHost.ProblemAsync(await h.Client.DeleteAsync($"/api/v1/deployments/{depl}?purge=maybe"), 400);
        var deleteProblem = await ApiHost.ProblemAsync(await h.Client.DeleteAsync($"/api/v1/deployments/{depl}"), 503);

        Assert.Contains("it stays deleting", deleteProblem.GetProperty("detail").GetString());
        var deleting = JsonDocument.Parse(await h.Client.GetStringAsync($"/api/v1/deployments/{depl}")).RootElement;
        Assert.Equal("deleting", deleting.GetProperty("status").GetString());
        await ApiHost.ProblemAsync(await h.Client.DeleteAsync($"/api/v1/templates/{id}"), 409);
    }

    [Fact]
    public async Task DeletePending_WithoutDocker_DeploymentAndThenTemplateGo()
    {
        await using var h = await ApiHost.StartAsync();
        await h.SetupAsync();
        var id = await CreateAsync(h, "never started");
        await h.Client.PostAsync($"/api/v1/templates/{id}/publish", null);
        var created = await h.Client.PostAsync("/api/v1/deployments", ApiHost.Json($$"""{"template_id":"{{id}}","customer_id":"c","name":"idle"}"""));
        var depl = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        var deleted = await h.Client.DeleteAsync($"/api/v1/deployments/{depl}");
        var gone = await h.Client.DeleteAsync($"/api/v1/templates/{id}");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal("deleted", JsonDocument.Parse(await deleted.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NoContent, gone.StatusCode);
        await ApiHost.ProblemAsync(await h.Client.GetAsync($"/api/v1/deployments/{depl}"), 404);
    }

    [Fact]
    public async Task Restart_DeploymentLeftStarting_IsFailedAsAbandoned()
    {
        using var dir = new TempDir();
        string depl;
        await using (var h = await ApiHost.StartAsync(dataDir: dir.Path))
        {
            await h.SetupAsync();
            var id = await CreateAsync(h, "crash test");
            await h.Client.PostAsync($"/api/v1/templates/{id}/publish", null);
            var created = await h.Client.PostAsync("/api/v1/deployments", ApiHost.Json($$"""{"template_id":"{{id}}","customer_id":"c","name":"crash"}"""));
            depl = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
            // What a kill -9 during a start leaves: the record says starting.
            var store = (Hiy.Store.DeploymentRepository)h.Host.Services.GetService(typeof(Hiy.Store.DeploymentRepository))!;
            Assert.True(store.TryMove(depl, Hiy.Store.DeploymentStatus.Pending, Hiy.Store.DeploymentStatus.Scheduled));
            Assert.True(store.TryMove(depl, Hiy.Store.DeploymentStatus.Scheduled, Hiy.Store.DeploymentStatus.Starting));
        }

        await using var again = await ApiHost.StartAsync(dataDir: dir.Path);
        var token = await again.Client.PostAsync("/api/v1/auth/token", ApiHost.Json("""{"password":"correct horse battery"}"""));
        again.Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
            JsonDocument.Parse(await token.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString());

        var d = JsonDocument.Parse(await again.Client.GetStringAsync($"/api/v1/deployments/{depl}")).RootElement;
        Assert.Equal("failed", d.GetProperty("status").GetString());
        Assert.Equal("abandoned: hiy stopped while this deployment was starting", d.GetProperty("error_message").GetString());
    }

    private static async Task<string> CreateAsync(ApiHost h, string name)
    {
        var r = await h.Client.PostAsync("/api/v1/templates", ApiHost.Json($$"""{"name":"{{name}}","version":"1.0.0","creator_id":"u","compose_spec":"{{Nginx}}"}"""));
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }
}
