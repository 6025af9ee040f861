using System.Globalization;
using Hiy.Core;
using YamlDotNet.RepresentationModel;

namespace Hiy.Stacks;

internal sealed partial class ComposeReader
{
    /// <summary>Keys that would let a service out of its sandbox: reported as not allowed, whatever their value.</summary>
    private static readonly Dictionary<string, string> Unsafe = new(StringComparer.Ordinal)
    {
        ["privileged"] = "not allowed: a privileged container owns the host",
        ["devices"] = "not allowed: host devices are not passed to services",
        ["pid"] = "not allowed: services do not share the host's process namespace",
        ["ipc"] = "not allowed: services do not share an IPC namespace",
        ["uts"] = "not allowed: services do not share the host's UTS namespace",
        ["userns_mode"] = "not allowed: services run in Docker's user namespace setting",
        ["security_opt"] = "not allowed: hiy sets no-new-privileges and Docker's default profiles",
        ["cgroup_parent"] = "not allowed",
        ["cgroup"] = "not allowed",
        ["device_cgroup_rules"] = "not allowed: host devices are not passed to services",
        ["sysctls"] = "not allowed: kernel settings are the host's",
        ["volumes_from"] = "not allowed: mount named volumes instead",
        ["runtime"] = "not allowed",
        ["oom_kill_disable"] = "not allowed: an out-of-memory service must not take the host down",
    };

    private static readonly Dictionary<string, string> Unsupported = new(StringComparer.Ordinal)
    {
        ["build"] = "not supported: hiy runs images; build one and give its name in image:",
        ["container_name"] = "not supported: hiy names containers hiy-<deployment>-<service>",
        ["cap_drop"] = "not supported: hiy drops every capability already",
        ["env_file"] = "not supported: put the values in environment:",
        ["extends"] = "not supported",
        ["links"] = "not supported: services reach each other by name on the deployment's network",
        ["external_links"] = "not supported",
        ["extra_hosts"] = "not supported",
        ["configs"] = "not supported: use the template's config_files",
        ["secrets"] = "not supported: use the template's config_files or variables",
        ["<<"] = "YAML merge keys are not supported; write the keys out",
    };

    private ComposeService? ReadService(string name, string path, YamlMappingNode body)
    {
        string? image = null;
        var ports = new List<ComposePort>();
        var env = new List<KeyValuePair<string, string>>();
        var deps = new List<ComposeDependency>();
        var mounts = new List<ComposeVolumeMount>();
        List<string>? command = null, entrypoint = null;
        ComposeHealthcheck? health = null;
        string? restart = null;
        var retries = 0;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var caps = new List<string>();
        long? memory = null;
        double? cpus = null;
        foreach (var (keyNode, value) in body.Children)
        {
            var key = Key(keyNode, path + ".");
            if (key is null)
                continue;
            var at = $"{path}.{key}";
            switch (key)
            {
                case "image":
                    image = Scalar(value, at);
                    // A template's image may hold ${TAG}; it is checked again once the deployment gives the value.
                    if (image is not null && !ComposeParser.ImagePattern().IsMatch(image) && !(variables is null && image.Contains("${", StringComparison.Ordinal)))
                        Add(at, $"'{image}' is not an image reference");
                    break;
                case "ports":
                    ReadPorts(value, at, ports);
                    break;
                case "environment":
                    ReadPairs(value, at, env, "KEY=value", requireValue: true);
                    break;
                case "labels":
                    var pairs = new List<KeyValuePair<string, string>>();
                    ReadPairs(value, at, pairs, "key=value", requireValue: false);
                    foreach (var (k, v) in pairs)
                    {
                        if (IsHiyLabel(k))
                            Add($"{at}.{k}", "this label is hiy's own (it tells hiy's apps and deployments apart)");
                        labels[k] = v;
                    }
                    break;
                case "depends_on":
                    ReadDependencies(value, at, deps);
                    break;
                case "volumes":
                    ReadMounts(value, at, mounts);
                    break;
                case "command":
                    command = Words(value, at, splitString: true);
                    break;
                case "entrypoint":
                    entrypoint = Words(value, at, splitString: true);
                    break;
                case "healthcheck":
                    health = ReadHealthcheck(value, at);
                    break;
                case "restart":
                    (restart, retries) = ReadRestart(value, at);
                    break;
                case "networks":
                    ReadNetworks(value, at);
                    break;
                case "cap_add":
                    ReadCaps(value, at, caps);
                    break;
                case "mem_limit":
                    memory = ReadMemory(value, at) ?? memory;
                    break;
                case "cpus":
                    cpus = ReadCpus(value, at) ?? cpus;
                    break;
                case "deploy":
                    ReadDeploy(value, at, ref memory, ref cpus);
                    break;
                case "network_mode":
                    Add(at, Scalar(value, at) == "host"
                        ? "not allowed: host networking bypasses the deployment's network and the proxy"
                        : "not supported: every service joins its deployment's network");
                    break;
                default:
                    // x-* keys are compose's extension fields, there for YAML anchors: nothing to run.
                    if (!key.StartsWith("x-", StringComparison.Ordinal))
                        Add(at, Unsafe.GetValueOrDefault(key) ?? Unsupported.GetValueOrDefault(key) ?? "not a service key hiy supports");
                    break;
            }
        }
        if (image is null && !body.Children.ContainsKey(new YamlScalarNode("image")))
            Add(path + ".image", "required: hiy runs images");
        return image is null ? null : new ComposeService
        {
            Name = name, Image = image, Ports = ports, Environment = env, DependsOn = deps, Volumes = mounts,
            Command = command, Entrypoint = entrypoint, Healthcheck = health, Restart = restart, RestartRetries = retries,
            Labels = labels, CapAdd = caps, MemoryBytes = memory, Cpus = cpus,
        };
    }

    /// <summary>The labels hiy finds its own containers by: a stack setting one could pass for an app or another deployment.</summary>
    private static bool IsHiyLabel(string key) => key is Runtime.AppContainerSpec.LabelApp or Runtime.AppContainerSpec.LabelDeploy
        or Runtime.AppContainerSpec.LabelManaged || key.StartsWith("hiy.stack.", StringComparison.Ordinal);

    /// <summary>environment / labels: a mapping of scalars, or a list of <c>KEY=value</c>.</summary>
    private void ReadPairs(YamlNode node, string path, List<KeyValuePair<string, string>> into, string form, bool requireValue)
    {
        if (node is YamlMappingNode map)
        {
            foreach (var (keyNode, value) in map.Children)
            {
                if (Key(keyNode, path + ".") is not { } k)
                    continue;
                if (IsNull(value) && !requireValue)
                    into.Add(new(k, ""));
                else if (IsNull(value))
                    Add($"{path}.{k}", "needs a value (hiy passes no host environment)");
                else if (Scalar(value, $"{path}.{k}") is { } v)
                    into.Add(new(k, v));
            }
            return;
        }
        if (node is not YamlSequenceNode seq)
        {
            Add(path, $"must be a mapping or a list of {form}");
            return;
        }
        var i = 0;
        foreach (var item in seq.Children)
        {
            var at = $"{path}[{i++}]";
            if (Scalar(item, at) is not { } entry)
                continue;
            var eq = entry.IndexOf('=');
            if (eq == 0 || (eq < 0 && requireValue))
                Add(at, eq == 0 ? $"'{entry}' has no key" : $"'{entry}' needs a value ({form}; hiy passes no host environment)");
            else
                into.Add(eq < 0 ? new(entry, "") : new(entry[..eq], entry[(eq + 1)..]));
        }
    }

    private void ReadDependencies(YamlNode node, string path, List<ComposeDependency> into)
    {
        if (node is YamlSequenceNode seq)
        {
            var i = 0;
            foreach (var item in seq.Children)
            {
                if (Scalar(item, $"{path}[{i++}]") is { } name)
                    into.Add(new ComposeDependency(name));
            }
            return;
        }
        if (node is not YamlMappingNode map)
        {
            Add(path, "must be a list of services or a mapping of service: {condition: …}");
            return;
        }
        foreach (var (keyNode, value) in map.Children)
        {
            if (Key(keyNode, path + ".") is not { } name)
                continue;
            var at = $"{path}.{name}";
            var condition = DependencyCondition.Started;
            if (value is YamlMappingNode options)
            {
                foreach (var (optKey, optValue) in options.Children)
                {
                    if (Key(optKey, at + ".") is not { } opt)
                        continue;
                    if (opt != "condition")
                        Add($"{at}.{opt}", "not supported (only condition)");
                    else if (Scalar(optValue, $"{at}.condition") is { } c)
                    {
                        if (c == "service_healthy")
                            condition = DependencyCondition.Healthy;
                        else if (c != "service_started")
                            Add($"{at}.condition", $"'{c}' is not supported; use service_started or service_healthy");
                    }
                }
            }
            else if (!IsNull(value))
            {
                Add(at, "must be a mapping with condition:");
            }
            into.Add(new ComposeDependency(name, condition));
        }
    }

    private (string?, int) ReadRestart(YamlNode node, string path)
    {
        var text = Scalar(node, path);
        if (text is "no" or "always" or "unless-stopped" or "on-failure")
            return (text, 0);
        if (text is not null && text.StartsWith("on-failure:", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(11), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 1000)
            return ("on-failure", n);
        if (text is not null)
            Add(path, $"'{text}' is not one of no, always, on-failure[:N], unless-stopped");
        return (null, 0);
    }

    private void ReadNetworks(YamlNode node, string path)
    {
        IEnumerable<(YamlNode Name, YamlNode? Options)> entries = node switch
        {
            YamlSequenceNode seq => seq.Children.Select(n => (n, (YamlNode?)null)),
            YamlMappingNode map => map.Children.Select(kv => (kv.Key, (YamlNode?)kv.Value)),
            _ => [],
        };
        if (node is not (YamlSequenceNode or YamlMappingNode))
            Add(path, "must be a list or a mapping of network names");
        foreach (var (nameNode, options) in entries)
        {
            if (Scalar(nameNode, path) is not { } name)
                continue;
            if (!KnownNetwork(name))
                Add($"{path}.{name}", $"network '{name}' is not declared under top-level networks:");
            if (options is not null && !IsNull(options))
                Add($"{path}.{name}", "network options are not supported: every service is reachable by its name");
        }
    }

    private void ReadCaps(YamlNode node, string path, List<string> into)
    {
        foreach (var (item, at) in Items(node, path, "must be a list of capabilities"))
        {
            if (Scalar(item, at) is not { } raw)
                continue;
            var cap = raw.StartsWith("CAP_", StringComparison.Ordinal) ? raw[4..] : raw;
            if (!ContainerCapabilities.Allowed.Contains(cap))
                Add(at, $"'{raw}' is not allowed; allowed: {string.Join(", ", ContainerCapabilities.Allowed.Order(StringComparer.Ordinal))}");
            else if (into.Contains(cap))
                Add(at, $"'{raw}' is listed twice");
            else
                into.Add(cap);
        }
    }
}
