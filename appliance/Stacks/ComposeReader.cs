using YamlDotNet.RepresentationModel;

namespace Hiy.Stacks;

/// <summary>One parse: the variables, the problems collected so far, and the top level of the file.</summary>
internal sealed partial class ComposeReader(IReadOnlyDictionary<string, string>? variables)
{
    public List<ComposeProblem> Problems { get; } = [];

    private HashSet<string> _volumes = new(StringComparer.Ordinal);
    private HashSet<string> _networks = new(StringComparer.Ordinal) { "default" };

    public void Add(string path, string message) => Problems.Add(new ComposeProblem(path, message));

    public ComposeSpec? Read(YamlMappingNode root)
    {
        YamlNode? services = null;
        foreach (var (keyNode, value) in root.Children)
        {
            var key = Key(keyNode, "");
            if (key is null)
                continue;
            if (!ComposeParser.IsTopLevel(key))
            {
                Add(key, key is "configs" or "secrets" or "include"
                    ? "not supported by hiy (use the template's config_files for files)"
                    : "not a compose key hiy supports (version, name, services, volumes, networks, x-*)");
                continue;
            }
            switch (key)
            {
                case "services":
                    services = value;
                    break;
                case "volumes":
                    _volumes = Declared(value, "volumes", "driver", "local");
                    break;
                case "networks":
                    foreach (var n in Declared(value, "networks", "driver", "bridge"))
                        _networks.Add(n);
                    break;
                case "version" or "name":
                    Scalar(value, key);
                    break;
            }
        }
        if (services is not YamlMappingNode map || map.Children.Count == 0)
        {
            Add("services", services is null ? "required: at least one service" : "must be a mapping of at least one service");
            return null;
        }
        var list = new List<ComposeService>();
        foreach (var (keyNode, value) in map.Children)
        {
            var name = Key(keyNode, "services.");
            if (name is null)
                continue;
            var path = "services." + name;
            if (!ComposeParser.NamePattern().IsMatch(name))
                Add(path, "a service name is 1-63 lower-case letters, digits, '-' or '_', starting with a letter or digit");
            if (value is not YamlMappingNode body)
            {
                Add(path, "must be a mapping");
                continue;
            }
            if (ReadService(name, path, body) is { } service)
                list.Add(service);
        }
        CheckDependencies(list);
        return Problems.Count == 0 ? new ComposeSpec(list, [.. _volumes]) : null;
    }

    /// <summary>Top-level <c>volumes:</c> / <c>networks:</c>: names, each empty or with only the one driver hiy uses.</summary>
    private HashSet<string> Declared(YamlNode node, string path, string allowedKey, string allowedValue)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (IsNull(node))
            return names;
        if (node is not YamlMappingNode map)
        {
            Add(path, "must be a mapping of names");
            return names;
        }
        foreach (var (keyNode, value) in map.Children)
        {
            var name = Key(keyNode, path + ".");
            if (name is null)
                continue;
            var at = $"{path}.{name}";
            if (!ComposeParser.NamePattern().IsMatch(name))
                Add(at, "a name is 1-63 lower-case letters, digits, '-' or '_'");
            names.Add(name);
            if (IsNull(value))
                continue;
            if (value is not YamlMappingNode options)
            {
                Add(at, "must be empty or a mapping");
                continue;
            }
            foreach (var (optKey, optValue) in options.Children)
            {
                var opt = Key(optKey, at + ".");
                if (opt is null)
                    continue;
                if (opt == allowedKey && Scalar(optValue, $"{at}.{opt}") is { } v && v != allowedValue)
                    Add($"{at}.{opt}", $"only '{allowedValue}' is supported");
                else if (opt != allowedKey)
                    Add($"{at}.{opt}", opt == "external"
                        ? $"not supported: hiy creates each deployment's own {path}"
                        : "not supported by hiy");
            }
        }
        return names;
    }

    /// <summary>depends_on: every name known, no service waiting on itself, no cycle, service_healthy only on a service with a health check.</summary>
    private void CheckDependencies(List<ComposeService> services)
    {
        var byName = services.ToDictionary(s => s.Name, StringComparer.Ordinal);
        foreach (var s in services)
        {
            foreach (var d in s.DependsOn)
            {
                var path = $"services.{s.Name}.depends_on.{d.Service}";
                if (d.Service == s.Name)
                    Add(path, "a service cannot depend on itself");
                else if (!byName.TryGetValue(d.Service, out var target))
                    Add(path, $"unknown service '{d.Service}' (services: {string.Join(", ", byName.Keys)})");
                else if (d.Condition == DependencyCondition.Healthy && target.Healthcheck is not { Disabled: false })
                    Add(path, $"condition service_healthy, but service '{d.Service}' has no healthcheck");
            }
        }
        if (Problems.Count == 0 && StartOrder.FindCycle(services) is { } cycle)
            Add("services", $"dependency cycle: {string.Join(" → ", cycle)}");
    }

    /// <summary>A mapping's entries with their keys and paths (<c>path.key</c>); a problem at <paramref name="path"/> when it is no mapping.</summary>
    public IEnumerable<(string Key, string Path, YamlNode Value)> Entries(YamlNode node, string path)
    {
        if (node is not YamlMappingNode map)
        {
            Add(path, "must be a mapping");
            yield break;
        }
        foreach (var (keyNode, value) in map.Children)
        {
            if (Key(keyNode, path + ".") is { } key)
                yield return (key, $"{path}.{key}", value);
        }
    }

    /// <summary>A sequence's items with their paths (<c>path[i]</c>); a problem at <paramref name="path"/> when it is no list.</summary>
    public IEnumerable<(YamlNode Item, string Path)> Items(YamlNode node, string path, string what = "must be a list")
    {
        if (node is not YamlSequenceNode seq)
        {
            Add(path, what);
            yield break;
        }
        var i = 0;
        foreach (var item in seq.Children)
            yield return (item, $"{path}[{i++}]");
    }

    /// <summary>A mapping key as a string, or null (with a problem) when it is not a plain scalar.</summary>
    public string? Key(YamlNode node, string prefix)
    {
        if (node is YamlScalarNode { Value: { Length: > 0 } key })
            return key;
        Add(prefix.TrimEnd('.') is { Length: > 0 } p ? p : "compose_spec", "keys must be non-empty strings");
        return null;
    }

    /// <summary>A scalar's text with variables put in, or null (with a problem) for a mapping, a sequence or null.</summary>
    public string? Scalar(YamlNode node, string path)
    {
        if (node is YamlScalarNode { Value: { } text } && !IsNull(node))
            return Substitute(text, path);
        Add(path, node is YamlScalarNode ? "needs a value" : "must be a single value");
        return null;
    }

    /// <summary>A string or a list of strings (command, entrypoint, healthcheck test); a string is split into words when asked.</summary>
    public List<string>? Words(YamlNode node, string path, bool splitString)
    {
        if (node is YamlSequenceNode seq)
        {
            var list = new List<string>();
            var i = 0;
            foreach (var item in seq.Children)
            {
                if (Scalar(item, $"{path}[{i++}]") is { } s)
                    list.Add(s);
            }
            return list;
        }
        if (Scalar(node, path) is not { } text)
            return null;
        if (!splitString)
            return [text];
        if (ComposeValues.ShellWords(text) is { } words)
            return words;
        Add(path, "has an unclosed quote");
        return null;
    }

    private string Substitute(string text, string path)
    {
        if (variables is null || !text.Contains('$'))
            return text;
        return ComposeParser.VariablePattern().Replace(text, m =>
        {
            if (m.Groups[1].Value == "$")
                return "$";
            var name = m.Groups[2].Value;
            if (variables.TryGetValue(name, out var value) && (value.Length > 0 || !m.Groups[3].Value.StartsWith(':')))
                return value;
            if (m.Groups[3].Success)
                return m.Groups[4].Value;
            Add("variables." + name, $"has no value (used in {path})");
            return m.Value;
        });
    }

    /// <summary>YAML's null: <c>key:</c> with nothing after it, <c>~</c> or <c>null</c> (plain, not quoted).</summary>
    public static bool IsNull(YamlNode node) => node is YamlScalarNode s
        && (s.Value is null || (s.Style == YamlDotNet.Core.ScalarStyle.Plain && s.Value is "" or "~" or "null"));

    public bool KnownVolume(string name) => _volumes.Contains(name);

    public bool KnownNetwork(string name) => _networks.Contains(name);
}
