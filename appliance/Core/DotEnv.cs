using System.Text;

namespace Hiy.Core;

/// <summary>One refused line of a <c>.env</c> text: its 1-based number, the key when one was read, and why.</summary>
public sealed record DotEnvError(int Line, string? Key, string Message)
{
    public override string ToString() => Key is null ? $"line {Line}: {Message}" : $"line {Line} ({Key}): {Message}";
}

/// <summary>The variables of a <c>.env</c> text in file order (a key given twice keeps its last value), or every refused line.</summary>
public sealed record DotEnvResult(IReadOnlyList<KeyValuePair<string, string>> Entries, IReadOnlyList<DotEnvError> Errors)
{
    public bool Ok => Errors.Count == 0;
}

/// <summary>
/// The one <c>.env</c> parser (PUT /api/v1/apps/{app}/env as text/plain, the CLI's files): <c>KEY=value</c>, an optional
/// <c>export </c> prefix, <c>'single'</c> quotes taken literally, <c>"double"</c> quotes with <c>\n \r \t \" \\</c> escapes,
/// <c>#</c> comments (a whole line, or after a value following whitespace) and blank lines. A quoted value ends on its own
/// line. Keys pass <see cref="EnvKey"/>. Every bad line is reported, so a file can be fixed in one go.
/// </summary>
public static class DotEnv
{
    public static DotEnvResult Parse(string text)
    {
        var entries = new List<KeyValuePair<string, string>>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var errors = new List<DotEnvError>();
        var lines = text.Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n].EndsWith('\r') ? lines[n][..^1] : lines[n];
            var (key, value, error) = ParseLine(line);
            if (error is not null)
                errors.Add(new DotEnvError(n + 1, key, error));
            else if (key is not null)
            {
                if (index.TryGetValue(key, out var at))
                    entries[at] = new(key, value!);
                else
                {
                    index[key] = entries.Count;
                    entries.Add(new(key, value!));
                }
            }
        }
        return new DotEnvResult(entries, errors);
    }

    /// <summary>(null, null, null) for a blank or comment line; a key and value; or the error (with the key once it is known).</summary>
    private static (string? Key, string? Value, string? Error) ParseLine(string line)
    {
        var rest = line.TrimStart(' ', '\t');
        if (rest.Length == 0 || rest[0] == '#')
            return (null, null, null);
        if (rest.StartsWith("export", StringComparison.Ordinal) && rest.Length > 6 && rest[6] is ' ' or '\t')
            rest = rest[7..].TrimStart(' ', '\t');
        var eq = rest.IndexOf('=');
        if (eq < 0)
            return (null, null, "expected KEY=value");
        var key = rest[..eq].TrimEnd(' ', '\t');
        if (EnvKey.Check(key) is { } bad)
            return (key.Length == 0 ? null : key, null, "the key " + bad);
        var raw = rest[(eq + 1)..].TrimStart(' ', '\t');
        if (raw.Length == 0)
            return (key, "", null);
        return raw[0] switch
        {
            '\'' => Quoted(key, raw, single: true),
            '"' => Quoted(key, raw, single: false),
            _ => (key, Unquoted(raw), null),
        };
    }

    /// <summary>An unquoted value: up to a <c>#</c> that follows whitespace, trailing whitespace dropped.</summary>
    private static string Unquoted(string raw)
    {
        for (var i = 1; i < raw.Length; i++)
        {
            if (raw[i] == '#' && raw[i - 1] is ' ' or '\t')
                return raw[..i].TrimEnd(' ', '\t');
        }
        return raw.TrimEnd(' ', '\t');
    }

    private static (string? Key, string? Value, string? Error) Quoted(string key, string raw, bool single)
    {
        var quote = raw[0];
        var value = new StringBuilder();
        var i = 1;
        for (; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == quote)
                break;
            if (!single && c == '\\' && i + 1 < raw.Length)
            {
                var next = raw[++i];
                value.Append(next switch
                {
                    'n' => "\n",
                    'r' => "\r",
                    't' => "\t",
                    '"' => "\"",
                    '\\' => "\\",
                    _ => "\\" + next, // an unknown escape stays as written, as dotenv and docker's --env-file keep it
                });
                continue;
            }
            value.Append(c);
        }
        if (i >= raw.Length)
            return (key, null, $"the value's {(single ? "single" : "double")} quote is not closed on this line");
        var after = raw[(i + 1)..].TrimStart(' ', '\t');
        if (after.Length > 0 && after[0] != '#')
            return (key, null, $"unexpected text after the closing quote: '{Shorten(after)}'");
        return (key, value.ToString(), null);
    }

    private static string Shorten(string s) => s.Length <= 20 ? s : s[..20] + "…";
}
