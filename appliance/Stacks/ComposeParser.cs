using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Hiy.Stacks;

/// <summary>
/// Reads a compose file on YamlDotNet's node tree (no reflection, so AOT-safe) into a <see cref="ComposeSpec"/>,
/// or reports every problem at once, each with its path (<c>services.web.privileged</c>): unsupported and unsafe keys,
/// bad values, unknown services in <c>depends_on</c>, dependency cycles. Nothing in the file is ignored.
/// </summary>
public static partial class ComposeParser
{
    /// <summary>Larger specs are refused before YAML sees them (aliases could otherwise blow a small file up).</summary>
    public const int MaxSpecChars = 256 * 1024;

    private static readonly HashSet<string> TopLevel = new(StringComparer.Ordinal) { "version", "name", "services", "volumes", "networks" };

    /// <param name="variables">
    /// Values for <c>${NAME}</c> (and <c>${NAME:-default}</c>) in scalars; null leaves them as written (a template is
    /// checked before anyone gives values). A reference with no value and no default is then a problem at
    /// <c>variables.NAME</c>. <c>$$</c> is a literal <c>$</c>.
    /// </param>
    public static ComposeParse Parse(string yaml, IReadOnlyDictionary<string, string>? variables = null)
    {
        if (yaml.Length > MaxSpecChars)
            return Fail("compose_spec", $"is {yaml.Length} characters; at most {MaxSpecChars}");
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            return Fail("compose_spec", $"not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.InnerException?.Message ?? e.Message}");
        }
        if (stream.Documents.Count != 1)
            return Fail("compose_spec", "must be exactly one YAML document");
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
            return Fail("compose_spec", "must be a mapping with a services: key");
        var reader = new ComposeReader(variables);
        var spec = reader.Read(root);
        return reader.Problems.Count == 0 && spec is not null ? new ComposeParse(spec, []) : new ComposeParse(null, reader.Problems);
    }

    private static ComposeParse Fail(string path, string message) => new(null, [new ComposeProblem(path, message)]);

    /// <summary>Service, volume and network names: lower-case, as they become parts of container and DNS names.</summary>
    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,62}$")]
    internal static partial Regex NamePattern();

    /// <summary>An image reference: registry/path:tag@digest, no whitespace, no leading dash.</summary>
    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9._/:@-]{0,254}$")]
    internal static partial Regex ImagePattern();

    [GeneratedRegex(@"\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)(:?-([^}]*))?\})")]
    internal static partial Regex VariablePattern();

    internal static bool IsTopLevel(string key) => TopLevel.Contains(key) || key.StartsWith("x-", StringComparison.Ordinal);
}
