namespace Hiy.Builds;

/// <summary>
/// What a repository says about its own build (from <c>hiy.toml</c> and/or <c>app.json</c>);
/// null means "not set", so the app's own settings apply.
/// </summary>
public sealed record RepoSettings
{
    public static RepoSettings Empty { get; } = new();

    public int? Port { get; init; }
    public string? HealthPath { get; init; }

    /// <summary>Relative path of the Dockerfile to build instead of ./Dockerfile.</summary>
    public string? Dockerfile { get; init; }

    /// <summary>Relative directory of a static site (served by hiy, no container).</summary>
    public string? StaticDir { get; init; }

    /// <summary>The command that builds a static site (e.g. <c>npm run build</c>), run in a throwaway container before publishing.</summary>
    public string? BuildCommand { get; init; }

    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Fields set in <paramref name="over"/> win; build args are merged key by key.</summary>
    public RepoSettings MergedWith(RepoSettings over)
    {
        var args = new Dictionary<string, string>(BuildArgs, StringComparer.Ordinal);
        foreach (var (k, v) in over.BuildArgs)
            args[k] = v;
        return new RepoSettings
        {
            Port = over.Port ?? Port,
            HealthPath = over.HealthPath ?? HealthPath,
            Dockerfile = over.Dockerfile ?? Dockerfile,
            StaticDir = over.StaticDir ?? StaticDir,
            BuildCommand = over.BuildCommand ?? BuildCommand,
            BuildArgs = args,
        };
    }
}
