namespace Hiy.Docker;

/// <summary>Shorthands for Docker's <c>filters</c> maps.</summary>
public static class DockerFilters
{
    /// <summary><c>{"label": ["key=value", ...]}</c>: every label must match.</summary>
    public static Dictionary<string, string[]> Label(params string[] labels) => new(StringComparer.Ordinal) { ["label"] = labels };
}
