using System.Text;

namespace Hiy.Docker;

/// <summary>
/// Builds an API path (without the version prefix, which the client adds once it has negotiated one) with an escaped
/// query string; parameters with no value are left out.
/// </summary>
internal sealed class DockerQuery
{
    private readonly StringBuilder _sb;
    private bool _first = true;

    public DockerQuery(string path) => _sb = new StringBuilder(path);

    /// <summary>A path segment (container name, image reference) escaped for use inside a path.</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);

    public DockerQuery Add(string name, string? value)
    {
        if (value is null)
            return this;
        _sb.Append(_first ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        _first = false;
        return this;
    }

    public DockerQuery Add(string name, bool? value) => value is null ? this : Add(name, value.Value ? "1" : "0");

    public DockerQuery Add(string name, long? value) =>
        value is null ? this : Add(name, value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public DockerQuery AddFilters(IReadOnlyDictionary<string, string[]>? filters) =>
        filters is null || filters.Count == 0 ? this : Add("filters", DockerJson.Filters(filters));

    public override string ToString() => _sb.ToString();
}
