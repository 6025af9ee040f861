using Hiy.Core;
using Hiy.Store;
using Microsoft.Extensions.Logging;

namespace Hiy.Stacks;

/// <summary>
/// Templates and deployments (Hoster's API): the rules, the state machine and the runtime calls. Endpoints parse and
/// map; every decision is here or in the pure types it calls. A status change is a compare-and-set in the store, so
/// two requests never both start, stop or delete one deployment.
/// </summary>
public sealed partial class StackService(TemplateRepository templates, DeploymentRepository deployments, AppRepository apps, SiteRepository sites,
    StackRuntime runtime, StackRoutes routes, ILogger<StackService> log)
{
    public IReadOnlyList<TemplateRecord> ListTemplates() => templates.List();

    public StackResult<TemplateRecord> GetTemplate(string id) => templates.Find(id) is { } t ? t : StackError.NotFound("template", id);

    public StackResult<TemplateRecord> CreateTemplate(TemplateInput input)
    {
        var blank = new TemplateRecord { Id = StackNames.NewTemplateId(), Name = "", Slug = "", Version = "", CreatorId = "", ComposeSpec = "" };
        var (template, errors) = TemplateRules.Apply(blank, input);
        if (errors.Count > 0)
            return StackError.Invalid("Invalid template", errors);
        if (templates.Insert(template) is not { } saved)
            return SlugTaken(template.Slug);
        StacksLog.TemplateChanged(log, saved.Id, saved.Slug, "created");
        return saved;
    }

    /// <summary>Hoster's PUT: the given fields change, the rest stay; only a template not yet published (409 otherwise).</summary>
    public StackResult<TemplateRecord> UpdateTemplate(string id, TemplateInput input)
    {
        if (templates.Find(id) is not { } current)
            return StackError.NotFound("template", id);
        if (current.Published)
            return Published(id);
        var (template, errors) = TemplateRules.Apply(current, input);
        if (errors.Count > 0)
            return StackError.Invalid("Invalid template", errors);
        if (templates.UpdateDraft(template) is { } saved)
            return saved;
        return templates.Find(id) is { Published: true } ? Published(id) : SlugTaken(template.Slug);
    }

    public StackResult<TemplateRecord> PublishTemplate(string id)
    {
        if (!templates.Publish(id))
            return StackError.NotFound("template", id);
        StacksLog.TemplateChanged(log, id, templates.Find(id)?.Slug ?? id, "published");
        return templates.Find(id)!;
    }

    public StackError? DeleteTemplate(string id) => templates.Delete(id) switch
    {
        TemplateDeleteResult.NotFound => StackError.NotFound("template", id),
        TemplateDeleteResult.InUse => new StackError(StackErrorKind.Conflict, "Template in use",
            $"template '{id}' has deployments that are not deleted; delete them first"),
        _ => null,
    };

    /// <summary>At start-up, before anything asks: deployments a stopped hiy left half-way (<see cref="DeploymentRecovery"/>).</summary>
    public void RecoverInterrupted()
    {
        foreach (var d in deployments.List())
        {
            var from = d.Status;
            foreach (var to in DeploymentRecovery.Moves(d.Status))
            {
                if (!deployments.TryMove(d.Id, from, to, "abandoned: hiy stopped while this deployment was " + DeploymentRecord.StatusText(d.Status)))
                    break;
                from = to;
            }
            if (from != d.Status)
                StacksLog.StatusChanged(log, d.Id, d.Name, DeploymentRecord.StatusText(from));
        }
    }

    private static StackError Published(string id) => new(StackErrorKind.Conflict, "Template published",
        $"template '{id}' is published; only unpublished templates can be updated (create a new version instead)");

    private static StackError SlugTaken(string slug) => new(StackErrorKind.Conflict, "Slug taken",
        $"another template already has the slug '{slug}'", new Dictionary<string, string> { ["name"] = $"its slug '{slug}' is taken" });

    /// <summary>Checks the name a deployment would answer on: the app-name gate, and no app, site or live deployment has it.</summary>
    private StackError? NameProblem(string name)
    {
        if (AppName.Check(name) is { } bad)
            return StackError.Invalid("Invalid deployment", new Dictionary<string, string> { ["name"] = bad });
        string? holder = apps.Find(name) is not null ? "an app" : sites.Find(name) is not null ? "a static site"
            : deployments.List().Any(d => d.Name == name) ? "another deployment" : null;
        return holder is null ? null : new StackError(StackErrorKind.Conflict, "Name taken",
            $"{holder} already answers on {name}.<domain>", new Dictionary<string, string> { ["name"] = $"'{name}' is taken by {holder}" });
    }
}
