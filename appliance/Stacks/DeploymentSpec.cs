using Hiy.Store;

namespace Hiy.Stacks;

/// <summary>What a deployment runs: its template's spec with the deployment's variables put in, and the template's files.</summary>
public static class DeploymentSpec
{
    /// <summary>Throws <see cref="StackException"/> only if the template changed under a live deployment (it cannot once published).</summary>
    public static (ComposeSpec Spec, IReadOnlyList<TemplateConfigFile> Files) Resolve(TemplateRepository templates, DeploymentRecord d)
    {
        var template = templates.Find(d.TemplateId) ?? throw new StackException($"deployment '{d.Name}': its template '{d.TemplateId}' is gone");
        var parse = ComposeParser.Parse(template.ComposeSpec, d.Variables);
        return (parse.Spec ?? throw new StackException($"deployment '{d.Name}': {string.Join("; ", parse.Problems)}"), template.ConfigFiles);
    }

    /// <summary>The port <c>&lt;deployment&gt;.&lt;domain&gt;</c> goes to: the first tcp port of the first service (file order) that publishes one.</summary>
    public static (string Service, ComposePort Port)? WebPort(ComposeSpec spec) =>
        spec.Services.SelectMany(s => s.Ports.Where(p => p.Protocol == "tcp").Select(p => (s.Name, p))).Cast<(string, ComposePort)?>().FirstOrDefault();
}
