using System.Security.Cryptography;

namespace Hiy.Stacks;

/// <summary>
/// Every Docker name and label of a deployment, in one place. App containers are <c>hiy-&lt;app&gt;-&lt;n&gt;</c> and app
/// names have no '_', so <c>hiy-depl_…</c> never meets one.
/// </summary>
public static class StackNames
{
    public const string LabelDeployment = "hiy.stack.deployment";
    public const string LabelService = "hiy.stack.service";

    public static string NewTemplateId() => "tmpl_" + RandomHex(12);

    public static string NewDeploymentId() => "depl_" + RandomHex(12);

    public static string Network(string deploymentId) => $"hiy-{deploymentId}";

    public static string Container(string deploymentId, string service) => $"hiy-{deploymentId}-{service}";

    public static string Volume(string deploymentId, string volume) => $"hiy-{deploymentId}-{volume}";

    /// <summary>The label filter that finds everything of one deployment.</summary>
    public static IReadOnlyDictionary<string, string[]> Filter(string deploymentId) =>
        new Dictionary<string, string[]> { ["label"] = [$"{LabelDeployment}={deploymentId}"] };

    public static string RandomHex(int chars) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes((chars + 1) / 2))[..chars];
}
