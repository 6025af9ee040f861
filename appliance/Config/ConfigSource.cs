namespace Hiy.Config;

/// <summary>
/// One layer of settings: raw values by snake_case key, with a name for messages
/// ("/etc/hiy/hiy.toml", "environment", "command line"). TOML values keep their TOML type;
/// environment and flag values are strings.
/// </summary>
public sealed record ConfigSource(string Name, IReadOnlyList<KeyValuePair<string, object>> Values)
{
    /// <summary>The <c>HIY_*</c> variables, mapped to keys by lower-casing (HIY_HTTP_PORT → http_port).</summary>
    public static ConfigSource FromEnvironment(IEnumerable<KeyValuePair<string, string>> environment)
    {
        var values = new List<KeyValuePair<string, object>>();
        foreach (var (name, value) in environment)
        {
            if (name.StartsWith("HIY_", StringComparison.Ordinal) && name.Length > 4)
                values.Add(new(name[4..].ToLowerInvariant(), value));
        }
        return new ConfigSource("environment", values);
    }
}
