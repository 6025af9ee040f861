using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hiy.Builds;

/// <summary>
/// <c>app.json</c> (Heroku's manifest). Heroku's own keys are accepted and ignored; hiy reads its
/// settings from a <c>"hiy"</c> object with the same keys as <c>hiy.toml</c>.
/// </summary>
public sealed record AppJsonManifest
{
    public AppJsonHiy? Hiy { get; init; }
}

public sealed record AppJsonHiy
{
    public int? Port { get; init; }
    public string? HealthPath { get; init; }
    public string? Dockerfile { get; init; }
    public string? StaticDir { get; init; }
    public string? BuildCommand { get; init; }
    public Dictionary<string, JsonElement>? BuildArgs { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}

/// <summary>The part of <c>package.json</c> the detector needs: which npm scripts exist.</summary>
public sealed record PackageJsonManifest
{
    public Dictionary<string, string>? Scripts { get; init; }
}
