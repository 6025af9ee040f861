using System.Text;
using System.Text.RegularExpressions;

namespace Hiy.Builds;

/// <summary>
/// The common subset of <c>.dockerignore</c>: comments, blank lines, <c>*</c>, <c>?</c>, <c>**</c>,
/// character classes, a leading '/', and <c>!</c> exceptions, the last matching line winning (as
/// Docker's patternmatcher does). A pattern matching a directory excludes everything below it.
/// </summary>
public sealed class DockerIgnore
{
    public const string FileName = ".dockerignore";

    private readonly List<(Regex Pattern, bool Exclude)> _rules = [];

    public static DockerIgnore Empty { get; } = new([]);

    public DockerIgnore(IEnumerable<string> lines)
    {
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
                continue;
            var exclude = true;
            if (line[0] == '!')
            {
                exclude = false;
                line = line[1..].Trim();
            }
            line = Clean(line);
            if (line.Length == 0)
                continue;
            _rules.Add((ToRegex(line), exclude));
        }
    }

    public static DockerIgnore Parse(string text) => new(text.Split('\n'));

    public int Count => _rules.Count;

    /// <summary>Whether any "!" line exists: only then can something below an excluded directory come back.</summary>
    public bool HasExceptions => _rules.Exists(r => !r.Exclude);

    /// <summary>True when the relative path ('/'-separated) is left out of the build context.</summary>
    public bool IsExcluded(string relativePath)
    {
        var excluded = false;
        foreach (var (pattern, exclude) in _rules)
        {
            if (exclude == excluded)
                continue;
            if (MatchesSelfOrParent(pattern, relativePath))
                excluded = exclude;
        }
        return excluded;
    }

    /// <summary>Docker matches each pattern against the path and against every parent directory of it.</summary>
    private static bool MatchesSelfOrParent(Regex pattern, string path)
    {
        if (pattern.IsMatch(path))
            return true;
        for (var i = path.IndexOf('/'); i > 0; i = path.IndexOf('/', i + 1))
        {
            if (pattern.IsMatch(path[..i]))
                return true;
        }
        return false;
    }

    private static string Clean(string pattern)
    {
        pattern = pattern.Replace('\\', '/');
        var parts = new List<string>();
        foreach (var part in pattern.Split('/'))
        {
            if (part is "" or ".")
                continue;
            if (part == ".." && parts.Count > 0) parts.RemoveAt(parts.Count - 1);
            else if (part != "..") parts.Add(part);
        }
        return string.Join('/', parts);
    }

    private static Regex ToRegex(string pattern)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    i++;
                    // "**/" matches zero or more directories; a trailing "**" matches everything below.
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                    {
                        i++;
                        sb.Append("(?:.*/)?");
                    }
                    else
                    {
                        sb.Append(".*");
                    }
                    break;
                case '*': sb.Append("[^/]*"); break;
                case '?': sb.Append("[^/]"); break;
                case '[':
                    var end = pattern.IndexOf(']', i + 1);
                    if (end < 0) { sb.Append(@"\["); break; }
                    var cls = pattern[(i + 1)..end];
                    if (cls.StartsWith('^') || cls.StartsWith('!')) cls = "^" + cls[1..];
                    sb.Append('[').Append(cls.Replace(@"\", @"\\", StringComparison.Ordinal)).Append(']');
                    i = end;
                    break;
                default: sb.Append(Regex.Escape(c.ToString())); break;
            }
        }
        sb.Append('$');
        return new Regex(sb.ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
