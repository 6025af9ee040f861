using Hiy.Config;

namespace Hiy.Cli;

/// <summary>
/// Gathers the layers for <c>hiy serve</c> (defaults → TOML file → HIY_* → flags) and loads them.
/// A missing default config file is fine; a missing file named with --config is an error.
/// </summary>
public static class ServeSettings
{
    public static ConfigResult Load(string? configPath, IReadOnlyList<KeyValuePair<string, object>> flags,
        IEnumerable<KeyValuePair<string, string>> environment, bool isRoot)
    {
        var env = environment.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var defaults = new HiyConfig { DataDir = HiyConfig.DefaultDataDir(k => env.GetValueOrDefault(k), isRoot) };
        var layers = new List<ConfigSource>();

        var explicitPath = configPath ?? env.GetValueOrDefault("HIY_CONFIG");
        var path = explicitPath ?? HiyConfig.DefaultConfigPath;
        if (File.Exists(path))
        {
            byte[] text;
            try
            {
                text = File.ReadAllBytes(path); // bytes, so invalid UTF-8 is reported where it is
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Fail([$"{path}: cannot read: {e.Message}"]);
            }
            var parsed = TomlDocument.Parse(text, path);
            if (parsed.Table is not { } table)
                return Fail([.. parsed.Errors.Select(e => e.ToString())]); // each as file:line:column: reason
            layers.Add(ConfigLoader.FromToml(path, table));
        }
        else if (explicitPath is not null)
        {
            return Fail([$"{path}: config file not found"]);
        }

        layers.Add(ConfigSource.FromEnvironment(env.Where(kv => kv.Key != "HIY_CONFIG")));
        layers.Add(new ConfigSource("command line", flags));
        return ConfigLoader.Load(defaults, layers);
    }

    private static ConfigResult Fail(IReadOnlyList<string> errors) => new(null, [], errors);
}
