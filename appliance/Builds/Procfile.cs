using System.Text;

namespace Hiy.Builds;

/// <summary>Heroku's Procfile: <c>&lt;process type&gt;: &lt;command&gt;</c> per line; hiy runs only <c>web</c>.</summary>
public static class Procfile
{
    public const string FileName = "Procfile";

    /// <summary>The <c>web:</c> command, or null when there is none (or it is empty).</summary>
    public static string? WebCommand(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
                continue;
            var colon = line.IndexOf(':');
            if (colon <= 0 || line[..colon].Trim() != "web")
                continue;
            var command = line[(colon + 1)..].Trim();
            return command.Length == 0 ? null : command;
        }
        return null;
    }

    public static string? WebCommand(IRepoFiles files) =>
        files.ReadFile(FileName) is { } bytes ? WebCommand(Encoding.UTF8.GetString(bytes)) : null;
}
