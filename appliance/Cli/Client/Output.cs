using System.Globalization;
using System.Text;

namespace Hiy.Cli.Client;

/// <summary>
/// What a command prints: aligned tables and lines for people, the API's JSON as is with <c>--json</c>. Colours
/// only on a terminal and never with <c>NO_COLOR</c> set (https://no-color.org); progress only on a terminal.
/// </summary>
public sealed class Output(CliEnvironment env, bool json)
{
    private readonly bool _colour = env.OutIsTerminal && string.IsNullOrEmpty(env.GetEnv("NO_COLOR"));

    public bool Json { get; } = json;
    public TextWriter Out => env.Out;
    public TextWriter Err => env.Err;

    public void Line(string text = "") => env.Out.WriteLine(text);

    /// <summary>A note about what is happening: stdout for people, stderr under <c>--json</c> so stdout stays parseable.</summary>
    public void Note(string text) => (Json ? env.Err : env.Out).WriteLine(text);

    /// <summary>The API's JSON, unchanged, for scripts.</summary>
    public void Raw(string json) => env.Out.WriteLine(json.TrimEnd());

    public void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var all = rows.Select(r => r.Select(c => c ?? "-").ToArray()).ToList();
        env.Out.Write(FormatTable(headers, all, _colour));
    }

    /// <summary>Columns padded to their widest cell; the last column is never padded (no trailing blanks).</summary>
    public static string FormatTable(IReadOnlyList<string> headers, IReadOnlyList<string[]> rows, bool colour = false)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => i < r.Length ? r[i].Length : 0))).ToArray();
        var text = new StringBuilder();
        void Row(IReadOnlyList<string> cells, bool header)
        {
            for (var i = 0; i < headers.Count; i++)
            {
                var cell = i < cells.Count ? cells[i] : "";
                var padded = i == headers.Count - 1 ? cell : cell.PadRight(widths[i]);
                text.Append(header && colour ? $"\e[1m{padded}\e[0m" : !header && colour ? Paint(padded, cell) : padded);
                if (i < headers.Count - 1)
                    text.Append("  ");
            }
            text.Append('\n');
        }
        Row(headers, header: true);
        foreach (var row in rows)
            Row(row, header: false);
        return text.ToString();
    }

    /// <summary>A state word in its colour (running green, failed red, building yellow); anything else unchanged.</summary>
    public string State(string word) => _colour ? Paint(word, word) : word;

    public string Bold(string text) => _colour ? $"\e[1m{text}\e[0m" : text;

    private static string Paint(string padded, string word) => word switch
    {
        "running" or "succeeded" or "issued" or "active" => $"\e[32m{padded}\e[0m",
        "failed" or "crashed" or "canceled" => $"\e[31m{padded}\e[0m",
        "building" or "deploying" or "queued" or "pending" or "stopped" => $"\e[33m{padded}\e[0m",
        _ => padded,
    };

    /// <summary>A progress bar on stderr, redrawn in place; nothing when stderr is not a terminal.</summary>
    public Action<long> Progress(string label, long total)
    {
        if (!env.ErrIsTerminal || total <= 0)
            return _ => { };
        var last = -1;
        return done =>
        {
            var percent = (int)Math.Clamp(done * 100 / total, 0, 100);
            if (percent == last)
                return;
            last = percent;
            var bar = new string('#', percent / 4).PadRight(25);
            env.Err.Write($"\r{label} [{bar}] {percent,3}% {Size(done)}/{Size(total)}");
            if (percent == 100)
                env.Err.WriteLine();
        };
    }

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1 << 20 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KB",
        < 1 << 30 => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB",
        _ => (bytes / 1073741824.0).ToString("0.00", CultureInfo.InvariantCulture) + " GB",
    };

    public static string When(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";
}
