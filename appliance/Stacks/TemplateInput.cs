using System.Text;
using System.Text.RegularExpressions;
using Hiy.Store;

namespace Hiy.Stacks;

/// <summary>A template's fields as a create or an update gives them: null means "not given" (an update keeps the stored value).</summary>
public sealed record TemplateInput(string? Name, string? Version, string? CreatorId, string? Description, string? ComposeSpec,
    IReadOnlyList<TemplateConfigFile?>? ConfigFiles, long? PriceMonthly);

/// <summary>Hoster's template invariants, every broken one reported at once. Pure.</summary>
public static partial class TemplateRules
{
    public const int MaxConfigFiles = 50;
    public const int MaxConfigFileChars = 1 << 20;

    /// <summary>Applies <paramref name="input"/> onto <paramref name="current"/> (a new template: fields all blank) and checks the result.</summary>
    public static (TemplateRecord Template, Dictionary<string, string> Errors) Apply(TemplateRecord current, TemplateInput input)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var name = input.Name ?? current.Name;
        if (!NamePattern().IsMatch(name))
            errors["name"] = "must be 3-100 letters, digits, spaces, '-' or '_', starting with a letter or digit";
        var version = input.Version ?? current.Version;
        if (!VersionPattern().IsMatch(version))
            errors["version"] = $"'{Short(version)}' is not a semantic version X.Y.Z";
        var creator = input.CreatorId ?? current.CreatorId;
        if (creator.Length is 0 or > 128 || creator.Any(char.IsControl))
            errors["creator_id"] = "required: 1-128 characters, no control characters";
        var description = input.Description ?? current.Description;
        if (description.Length > 10_000)
            errors["description"] = "at most 10,000 characters";
        var price = input.PriceMonthly ?? current.PriceMonthly;
        if (price < 0)
            errors["price_monthly"] = "must be 0 (free) or more, in cents";
        var compose = input.ComposeSpec ?? current.ComposeSpec;
        if (compose.Length == 0)
            errors["compose_spec"] = "required";
        else
        {
            foreach (var (path, message) in ComposeParser.Parse(compose).Errors())
                errors[path] = message;
        }
        var files = current.ConfigFiles;
        if (input.ConfigFiles is { } given)
        {
            files = CheckFiles(given, errors);
        }
        var slug = Slug(name);
        return (current with
        {
            Name = name, Slug = slug, Version = version, CreatorId = creator, Description = description, PriceMonthly = price,
            ComposeSpec = compose, ConfigFiles = files,
        }, errors);
    }

    /// <summary>Hoster's slug: lower case, spaces to hyphens, nothing else but letters, digits and single hyphens.</summary>
    public static string Slug(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name.Trim().ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
                sb.Append(c);
            else if ((c is ' ' or '-' or '_') && sb.Length > 0 && sb[^1] != '-')
                sb.Append('-');
        }
        return sb.ToString().TrimEnd('-');
    }

    private static List<TemplateConfigFile> CheckFiles(IReadOnlyList<TemplateConfigFile?> given, Dictionary<string, string> errors)
    {
        var files = new List<TemplateConfigFile>();
        if (given.Count > MaxConfigFiles)
            errors["config_files"] = $"at most {MaxConfigFiles} files";
        var paths = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < given.Count; i++)
        {
            var at = $"config_files[{i}]";
            if (given[i] is not { } f)
            {
                errors[at] = "must be an object {name, path, content}";
                continue;
            }
            var ok = true;
            if (f.Name is not { Length: > 0 and <= 255 } || f.Name.Contains('/') || f.Name.Any(char.IsControl))
                (errors[at + ".name"], ok) = ("required: 1-255 characters, no '/' or control characters", false);
            if (f.Path is not { Length: > 1 and <= 1024 } || f.Path[0] != '/' || f.Path.EndsWith('/') || f.Path.Any(char.IsControl)
                || f.Path.Split('/').Skip(1).Any(s => s is "" or "." or ".."))
                (errors[at + ".path"], ok) = ("must be an absolute file path without '.', '..' or empty segments", false);
            else if (!paths.Add(f.Path))
                (errors[at + ".path"], ok) = ($"'{f.Path}' is given twice", false);
            if (f.Content is null || f.Content.Length > MaxConfigFileChars)
                (errors[at + ".content"], ok) = ($"required, at most {MaxConfigFileChars} characters", false);
            if (ok)
                files.Add(f);
        }
        return files;
    }

    private static string Short(string s) => s.Length > 40 ? s[..40] + "…" : s;

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9 _-]{2,99}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^\d{1,9}\.\d{1,9}\.\d{1,9}(-[0-9A-Za-z.-]{1,64})?$")]
    private static partial Regex VersionPattern();
}
