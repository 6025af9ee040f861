using System.Globalization;
using System.Text.Json;
using Hiy.Config;
using Tomlyn.Model;

namespace Hiy.Builds;

/// <summary>The settings a repository carries, and every problem found in them (all at once, DESIGN rule 4).</summary>
public sealed record RepoSettingsResult(RepoSettings Settings, IReadOnlyList<BuildProblem> Problems)
{
    public bool Ok => Problems.Count == 0;
}

/// <summary>
/// Reads <c>app.json</c> (its <c>"hiy"</c> object) and <c>hiy.toml</c>. Pure: files come through
/// <see cref="IRepoFiles"/>. When both set a field, <c>hiy.toml</c> wins (it is hiy's own file).
/// </summary>
public static class RepoSettingsReader
{
    public const string TomlFile = "hiy.toml";
    public const string AppJsonFile = "app.json";

    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "port", "health_path", "dockerfile", "build_args", "static_dir", "build_command",
    };

    public static RepoSettingsResult Read(IRepoFiles files)
    {
        var problems = new List<BuildProblem>();
        var settings = RepoSettings.Empty;
        if (files.ReadFile(AppJsonFile) is { } json)
            settings = settings.MergedWith(FromAppJson(json, problems));
        if (files.ReadFile(TomlFile) is { } toml)
            settings = settings.MergedWith(FromToml(toml, problems));
        return new RepoSettingsResult(settings, problems);
    }

    internal static RepoSettings FromToml(byte[] bytes, List<BuildProblem> problems)
    {
        var parsed = TomlDocument.Parse(bytes, TomlFile);
        if (parsed.Table is not { } table)
        {
            foreach (var e in parsed.Errors)
                problems.Add(new BuildProblem(TomlFile, "", $"invalid TOML at line {e.Line}, column {e.Column}: {e.Reason}"));
            return RepoSettings.Empty;
        }

        int? port = null;
        string? health = null, dockerfile = null, staticDir = null, buildCommand = null;
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in table)
        {
            switch (key)
            {
                case "port":
                    if (value is long p) port = CheckPort(p, TomlFile, key, problems);
                    else problems.Add(new BuildProblem(TomlFile, key, $"must be an integer, not {TomlKind(value)}"));
                    break;
                case "health_path":
                    health = CheckString(value, TomlFile, key, problems) is { } h ? CheckHealthPath(h, TomlFile, key, problems) : null;
                    break;
                case "dockerfile":
                    dockerfile = CheckString(value, TomlFile, key, problems) is { } d ? CheckRelative(d, TomlFile, key, problems) : null;
                    break;
                case "static_dir":
                    staticDir = CheckString(value, TomlFile, key, problems) is { } s ? CheckRelative(s, TomlFile, key, problems) : null;
                    break;
                case "build_command":
                    buildCommand = CheckString(value, TomlFile, key, problems) is { } cmd ? CheckCommand(cmd, TomlFile, key, problems) : null;
                    break;
                case "build_args":
                    if (value is TomlTable t)
                    {
                        foreach (var (name, v) in t)
                        {
                            var text = v switch
                            {
                                string str => str,
                                long l => l.ToString(CultureInfo.InvariantCulture),
                                double dbl => dbl.ToString(CultureInfo.InvariantCulture),
                                bool b => b ? "true" : "false",
                                _ => null,
                            };
                            if (text is null)
                                problems.Add(new BuildProblem(TomlFile, $"build_args.{name}", $"must be a string, number or boolean, not {TomlKind(v)}"));
                            else if (CheckArgName(name, TomlFile, problems))
                                args[name] = text;
                        }
                    }
                    else
                    {
                        problems.Add(new BuildProblem(TomlFile, key, $"must be a table, not {TomlKind(value)}"));
                    }
                    break;
                default:
                    problems.Add(new BuildProblem(TomlFile, key, $"is not a known setting (known: {string.Join(", ", Known.Order(StringComparer.Ordinal))})"));
                    break;
            }
        }
        return new RepoSettings { Port = port, HealthPath = health, Dockerfile = dockerfile, StaticDir = staticDir, BuildCommand = buildCommand, BuildArgs = args };
    }

    internal static RepoSettings FromAppJson(byte[] bytes, List<BuildProblem> problems)
    {
        AppJsonManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(bytes, BuildsJsonContext.Default.AppJsonManifest);
        }
        catch (JsonException e)
        {
            // e.Path is like "$.hiy.port": name the field the way the user wrote it.
            var field = e.Path is { Length: > 2 } path ? path[2..] : "";
            problems.Add(new BuildProblem(AppJsonFile, field, field.Length == 0 ? "is not valid JSON" : "has the wrong type"));
            return RepoSettings.Empty;
        }
        if (manifest?.Hiy is not { } hiy)
            return RepoSettings.Empty;

        foreach (var key in hiy.Unknown?.Keys ?? Enumerable.Empty<string>())
            problems.Add(new BuildProblem(AppJsonFile, $"hiy.{key}", "is not a known setting"));
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, v) in hiy.BuildArgs ?? [])
        {
            var text = v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
                _ => null,
            };
            if (text is null)
                problems.Add(new BuildProblem(AppJsonFile, $"hiy.build_args.{name}", "must be a string, number or boolean"));
            else if (CheckArgName(name, AppJsonFile, problems))
                args[name] = text;
        }
        return new RepoSettings
        {
            Port = hiy.Port is { } p ? CheckPort(p, AppJsonFile, "hiy.port", problems) : null,
            HealthPath = hiy.HealthPath is { } h ? CheckHealthPath(h, AppJsonFile, "hiy.health_path", problems) : null,
            Dockerfile = hiy.Dockerfile is { } d ? CheckRelative(d, AppJsonFile, "hiy.dockerfile", problems) : null,
            StaticDir = hiy.StaticDir is { } s ? CheckRelative(s, AppJsonFile, "hiy.static_dir", problems) : null,
            BuildCommand = hiy.BuildCommand is { } b ? CheckCommand(b, AppJsonFile, "hiy.build_command", problems) : null,
            BuildArgs = args,
        };
    }

    private static int? CheckPort(long value, string file, string field, List<BuildProblem> problems)
    {
        if (value is >= 1 and <= 65535)
            return (int)value;
        problems.Add(new BuildProblem(file, field, $"must be between 1 and 65535, not {value}"));
        return null;
    }

    private static string? CheckString(object value, string file, string field, List<BuildProblem> problems)
    {
        if (value is string s)
            return s;
        problems.Add(new BuildProblem(file, field, $"must be a string, not {TomlKind(value)}"));
        return null;
    }

    private static string? CheckHealthPath(string value, string file, string field, List<BuildProblem> problems)
    {
        if (value.StartsWith('/') && !value.Any(c => char.IsControl(c) || c == ' '))
            return value;
        problems.Add(new BuildProblem(file, field, $"must be a path starting with '/', not '{value}'"));
        return null;
    }

    /// <summary>A path inside the repository: relative, no "..", no backslashes.</summary>
    internal static string? CheckRelative(string value, string file, string field, List<BuildProblem> problems)
    {
        var trimmed = value.StartsWith("./", StringComparison.Ordinal) ? value[2..] : value;
        trimmed = trimmed.TrimEnd('/');
        var ok = trimmed.Length > 0 && !trimmed.StartsWith('/') && !trimmed.Contains('\\') && !trimmed.Any(char.IsControl)
            && trimmed.Split('/').All(p => p is not ("" or ".."));
        if (ok)
            return trimmed;
        problems.Add(new BuildProblem(file, field, $"must be a relative path inside the repository, not '{value}'"));
        return null;
    }

    /// <summary>One line for a Dockerfile RUN: a line break would start a new instruction.</summary>
    private static string? CheckCommand(string value, string file, string field, List<BuildProblem> problems)
    {
        var trimmed = value.Trim();
        if (trimmed.Length > 0 && !trimmed.Any(char.IsControl))
            return trimmed;
        problems.Add(new BuildProblem(file, field, "must be one non-empty line"));
        return null;
    }

    private static bool CheckArgName(string name, string file, List<BuildProblem> problems)
    {
        var ok = name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(name[0]);
        if (!ok)
            problems.Add(new BuildProblem(file, file == TomlFile ? $"build_args.{name}" : $"hiy.build_args.{name}",
                "is not a valid build argument name (letters, digits, '_')"));
        return ok;
    }

    private static string TomlKind(object value) => value switch
    {
        string => "a string",
        long => "an integer",
        double => "a float",
        bool => "a boolean",
        TomlArray => "an array",
        TomlTableArray => "an array of tables",
        TomlTable => "a table",
        _ => "a date/time",
    };
}
