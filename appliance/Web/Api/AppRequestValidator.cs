using Hiy.Core;
using Hiy.Store;

namespace Hiy.Web.Api;

/// <summary>Applies an <see cref="AppRequest"/> onto an app, collecting every invalid field at once.</summary>
public static class AppRequestValidator
{
    /// <summary>Capabilities an app may opt into; everything else (SYS_ADMIN, NET_ADMIN, …) would break the sandbox.</summary>
    public static readonly IReadOnlySet<string> AllowedCapabilities = ContainerCapabilities.Allowed;

    public static (AppRecord App, Dictionary<string, string> Errors) Apply(AppRecord app, AppRequest r, bool creating)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (creating && AppName.Check(r.Name) is { } nameError)
            errors["name"] = nameError;
        if (!creating && r.Name is not null && r.Name != app.Name)
            errors["name"] = "cannot be changed; create a new app instead";
        if (r.RepoUrl is { Length: > 0 } url && !IsRepoUrl(url))
            errors["repo_url"] = $"'{url}' is not an https://, http://, ssh:// or git@ repository URL";
        if (r.Branch is not null && !IsBranch(r.Branch))
            errors["branch"] = $"'{r.Branch}' is not a valid branch name";
        if (r.Port is { } port && port is < 1 or > 65535)
            errors["port"] = "must be between 1 and 65535";
        if (r.MemoryMb is { } mem && mem is < 16 or > 65536)
            errors["memory_mb"] = "must be between 16 and 65536";
        if (r.Cpus is { } cpus && (cpus < 0.01 || cpus > 64 || double.IsNaN(cpus)))
            errors["cpus"] = "must be between 0.01 and 64";
        if (r.HealthPath is { } hp && (!hp.StartsWith('/') || hp.Length > 512 || hp.Any(char.IsWhiteSpace)))
            errors["health_path"] = "must be a path starting with '/'";
        if (r.PollIntervalS is { } poll && poll != 0 && poll is < 30 or > 86400)
            errors["poll_interval_s"] = "must be between 30 and 86400 seconds (0 turns polling off)";
        if (r.VolumePath is { Length: > 0 } vp && (!vp.StartsWith('/') || vp == "/" || vp.Contains("..", StringComparison.Ordinal) || vp.Contains(':')))
            errors["volume_path"] = "must be an absolute directory inside the container, such as /data";
        if (r.CapAdd is { } caps && CapAddError(caps) is { } capError)
            errors["cap_add"] = capError;

        var updated = app with
        {
            Name = creating ? r.Name ?? "" : app.Name,
            RepoUrl = r.RepoUrl is null ? app.RepoUrl : r.RepoUrl.Length == 0 ? null : r.RepoUrl.Trim(),
            Branch = r.Branch ?? app.Branch,
            Port = r.Port ?? app.Port,
            MemoryMb = r.MemoryMb ?? app.MemoryMb,
            Cpus = r.Cpus ?? app.Cpus,
            HealthPath = r.HealthPath ?? app.HealthPath,
            PollIntervalS = r.PollIntervalS is null ? app.PollIntervalS : r.PollIntervalS == 0 ? null : r.PollIntervalS,
            VolumePath = r.VolumePath is null ? app.VolumePath : r.VolumePath.Length == 0 ? null : r.VolumePath,
            CapAdd = r.CapAdd ?? app.CapAdd,
        };
        return (updated, errors);
    }

    private static bool IsRepoUrl(string url) =>
        url.Length <= 2048 && !url.Any(char.IsWhiteSpace) && !url.StartsWith('-')
        && (url.StartsWith("https://", StringComparison.Ordinal) || url.StartsWith("http://", StringComparison.Ordinal)
            || url.StartsWith("ssh://", StringComparison.Ordinal) || url.StartsWith("git@", StringComparison.Ordinal)
            || url.StartsWith("file://", StringComparison.Ordinal));

    /// <summary>git check-ref-format's rules, the parts that matter for a branch given over the API.</summary>
    private static bool IsBranch(string b) =>
        b.Length is > 0 and <= 255 && !b.StartsWith('-') && !b.StartsWith('/') && !b.EndsWith('/') && !b.EndsWith(".lock", StringComparison.Ordinal)
        && !b.Contains("..", StringComparison.Ordinal) && !b.Contains("@{", StringComparison.Ordinal) && !b.Contains("//", StringComparison.Ordinal)
        && b.All(c => c > ' ' && c != '~' && c != '^' && c != ':' && c != '?' && c != '*' && c != '[' && c != '\\' && c != 0x7f);

    /// <summary>Only names from the allow-list, each once: nulls and 10,000 duplicates were stored as given (issue 13 item 11).</summary>
    private static string? CapAddError(IReadOnlyList<string> caps)
    {
        if (caps.Count > AllowedCapabilities.Count)
            return $"at most {AllowedCapabilities.Count} capabilities (each allowed one once)";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < caps.Count; i++)
        {
            if (caps[i] is not { } cap)
                return $"cap_add[{i}] is null; give capability names such as NET_BIND_SERVICE";
            if (!AllowedCapabilities.Contains(cap))
                return $"'{(cap.Length > 40 ? cap[..40] + "…" : cap)}' is not allowed; allowed: {string.Join(", ", AllowedCapabilities.Order(StringComparer.Ordinal))}";
            if (!seen.Add(cap))
                return $"'{cap}' is listed twice";
        }
        return null;
    }
}
