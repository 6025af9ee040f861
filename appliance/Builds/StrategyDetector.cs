using System.Text.Json;

namespace Hiy.Builds;

/// <summary>
/// Decides how to build a checked-out repository (issue 4 "Strategies"). Pure: files come through
/// <see cref="IRepoFiles"/>. Order: a Dockerfile (configured or at the root) → a static_dir set in the
/// repo settings (built first by its build_command, or npm's build script) → a recognised language → a plain static site.
/// </summary>
public static class StrategyDetector
{
    public const string DefaultDockerfile = "Dockerfile";

    /// <summary>Where a built or plain static site may live, in the order they are tried.</summary>
    public static readonly IReadOnlyList<string> StaticDirs = [".", "public", "static", "dist"];

    /// <param name="files">The repository.</param>
    /// <param name="configuredDockerfile">The app's own setting (overrides the repo's), or null.</param>
    public static StrategyDetection Detect(IRepoFiles files, string? configuredDockerfile = null)
    {
        var read = RepoSettingsReader.Read(files);
        var settings = read.Settings;
        var problems = new List<BuildProblem>(read.Problems);

        var dockerfile = configuredDockerfile ?? settings.Dockerfile;
        if (dockerfile is not null)
        {
            if (files.FileExists(dockerfile))
                return Done(new DockerfileStrategy(dockerfile));
            var source = configuredDockerfile is not null ? "app settings"
                : files.FileExists(RepoSettingsReader.TomlFile) ? RepoSettingsReader.TomlFile : RepoSettingsReader.AppJsonFile;
            var field = source == RepoSettingsReader.AppJsonFile ? "hiy.dockerfile" : "dockerfile";
            problems.Add(new BuildProblem(source, field, $"'{dockerfile}' does not exist in the repository"));
            return new StrategyDetection(null, settings, problems);
        }
        if (files.FileExists(DefaultDockerfile))
            return Done(new DockerfileStrategy(DefaultDockerfile));

        var web = Procfile.WebCommand(files);
        var scripts = NpmScripts(files, problems);

        if (settings.StaticDir is { } staticDir)
            return Done(new StaticStrategy(staticDir, settings.BuildCommand ?? (scripts?.ContainsKey("build") == true ? "npm run build" : null)));
        if (settings.BuildCommand is not null)
        {
            problems.Add(new BuildProblem(files.FileExists(RepoSettingsReader.TomlFile) ? RepoSettingsReader.TomlFile : RepoSettingsReader.AppJsonFile,
                "static_dir", "is missing: build_command builds a static site, so say where its output lands"));
            return new StrategyDetection(null, settings, problems);
        }

        if (scripts is not null)
        {
            // A package.json without a way to start a server but with a build script is a static site
            // generator (Vite, Astro, …): build it, then serve whichever output directory holds index.html.
            if (web is null && !scripts.ContainsKey("start") && scripts.ContainsKey("build"))
                return Done(new StaticStrategy("dist", "npm run build"));
            if (web is null && !scripts.ContainsKey("start") && !files.FileExists("server.js"))
            {
                problems.Add(new BuildProblem("package.json", "scripts.start",
                    "is missing: add a \"start\" script or a Procfile with a 'web:' line"));
                return new StrategyDetection(null, settings, problems);
            }
            return Done(new LanguageStrategy(BuildLanguage.Node, web));
        }
        if (files.FileExists("requirements.txt") || files.FileExists("pyproject.toml"))
        {
            if (web is null && !files.FileExists("app.py") && !files.FileExists("main.py"))
            {
                problems.Add(new BuildProblem(Procfile.FileName, "web",
                    "is missing: a Python app needs a Procfile 'web:' line, an app.py or a main.py"));
                return new StrategyDetection(null, settings, problems);
            }
            return Done(new LanguageStrategy(BuildLanguage.Python, web));
        }
        if (files.FileExists("go.mod"))
            return Done(new LanguageStrategy(BuildLanguage.Go, web));

        foreach (var dir in StaticDirs)
        {
            if (files.FileExists(dir == "." ? "index.html" : dir + "/index.html"))
                return Done(new StaticStrategy(dir, null));
        }

        problems.Add(new BuildProblem("repository", "",
            "no Dockerfile, no package.json, requirements.txt, pyproject.toml or go.mod, and no index.html: hiy does not know how to build it"));
        return new StrategyDetection(null, settings, problems);

        StrategyDetection Done(BuildStrategy strategy) =>
            new(problems.Count == 0 ? strategy : null, settings, problems);
    }

    /// <summary>package.json's scripts (empty when it has none); null when there is no package.json.</summary>
    private static Dictionary<string, string>? NpmScripts(IRepoFiles files, List<BuildProblem> problems)
    {
        if (files.ReadFile("package.json") is not { } bytes)
            return null;
        try
        {
            var manifest = JsonSerializer.Deserialize(bytes, BuildsJsonContext.Default.PackageJsonManifest);
            return manifest?.Scripts ?? new Dictionary<string, string>(StringComparer.Ordinal);
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path ? path[2..] : "";
            problems.Add(new BuildProblem("package.json", field, field.Length == 0 ? "is not valid JSON" : "has the wrong type"));
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }
    }
}
