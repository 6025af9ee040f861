using System.Globalization;
using System.Text;

namespace Hiy.Tests;

/// <summary>
/// A parser of the Prometheus text exposition format 0.0.4 (prometheus.io "Exposition formats", "Text format details"),
/// written for the tests so GET /metrics is read the way a scraper reads it: a tokenizer over each line (metric name,
/// optional label set with escapes, value, optional timestamp; <c># HELP</c> and <c># TYPE</c> lines), plus the format's
/// rules a scraper enforces: one TYPE and one HELP per family, TYPE before the family's samples, a family's samples in
/// one group, histogram buckets cumulative with <c>le</c>, a +Inf bucket equal to <c>_count</c>.
/// </summary>
public static class PrometheusParser
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value, long? Timestamp);

    public sealed class Family(string name)
    {
        public string Name { get; } = name;
        public string? Type { get; set; }
        public string? Help { get; set; }
        public List<Sample> Samples { get; } = [];
    }

    public static IReadOnlyDictionary<string, Family> Parse(string text)
    {
        var families = new Dictionary<string, Family>(StringComparer.Ordinal);
        var closed = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        var lineNo = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNo++;
            if (line.Length == 0)
                continue;
            if (line[0] == '#')
            {
                Comment(line, lineNo, families, closed, ref current);
                continue;
            }
            var sample = SampleLine(line, lineNo);
            var family = FamilyOf(sample.Name, families);
            if (family is null || family.Type is null)
                throw new FormatException($"line {lineNo}: sample '{sample.Name}' has no # TYPE line before it");
            if (family.Name != current)
            {
                if (closed.Contains(family.Name))
                    throw new FormatException($"line {lineNo}: family '{family.Name}' has samples in two groups");
                if (current is not null)
                    closed.Add(current);
                current = family.Name;
            }
            family.Samples.Add(sample);
        }
        foreach (var f in families.Values.Where(f => f.Type == "histogram"))
            CheckHistogram(f);
        return families;
    }

    private static void Comment(string line, int lineNo, Dictionary<string, Family> families, HashSet<string> closed, ref string? current)
    {
        var pos = 1;
        SkipBlanks(line, ref pos);
        var keyword = Token(line, ref pos);
        if (keyword is not ("HELP" or "TYPE"))
            return; // any other comment is ignored by the format
        SkipBlanks(line, ref pos);
        var name = MetricName(line, ref pos, lineNo);
        if (closed.Contains(name) || current is not null && current != name && families.ContainsKey(name) && families[name].Samples.Count > 0)
            throw new FormatException($"line {lineNo}: # {keyword} for '{name}' after its samples");
        if (!families.TryGetValue(name, out var family))
            families[name] = family = new Family(name);
        var rest = pos < line.Length && line[pos] is ' ' or '\t' ? line[(pos + 1)..] : line[pos..];
        if (keyword == "HELP")
        {
            if (family.Help is not null)
                throw new FormatException($"line {lineNo}: second # HELP for '{name}'");
            family.Help = Unescape(rest, lineNo, allowQuote: false);
            return;
        }
        if (family.Type is not null)
            throw new FormatException($"line {lineNo}: second # TYPE for '{name}'");
        if (family.Samples.Count > 0)
            throw new FormatException($"line {lineNo}: # TYPE for '{name}' after its samples");
        var type = rest.Trim();
        if (type is not ("counter" or "gauge" or "histogram" or "summary" or "untyped"))
            throw new FormatException($"line {lineNo}: '{type}' is not a metric type");
        family.Type = type;
        if (current is not null && current != name)
            closed.Add(current);
        current = name;
    }

    private static Sample SampleLine(string line, int lineNo)
    {
        var pos = 0;
        SkipBlanks(line, ref pos);
        var name = MetricName(line, ref pos, lineNo);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        SkipBlanks(line, ref pos);
        if (pos < line.Length && line[pos] == '{')
        {
            pos++;
            while (true)
            {
                SkipBlanks(line, ref pos);
                if (pos < line.Length && line[pos] == '}')
                {
                    pos++;
                    break;
                }
                var label = LabelName(line, ref pos, lineNo);
                SkipBlanks(line, ref pos);
                Expect(line, ref pos, '=', lineNo);
                SkipBlanks(line, ref pos);
                Expect(line, ref pos, '"', lineNo);
                var value = new StringBuilder();
                while (true)
                {
                    if (pos >= line.Length)
                        throw new FormatException($"line {lineNo}: unterminated label value");
                    var c = line[pos++];
                    if (c == '"')
                        break;
                    if (c == '\\')
                    {
                        if (pos >= line.Length)
                            throw new FormatException($"line {lineNo}: escape at end of line");
                        value.Append(line[pos++] switch
                        {
                            '\\' => '\\', '"' => '"', 'n' => '\n',
                            var e => throw new FormatException($"line {lineNo}: unknown escape \\{e} in a label value"),
                        });
                    }
                    else
                        value.Append(c);
                }
                if (!labels.TryAdd(label, value.ToString()))
                    throw new FormatException($"line {lineNo}: label '{label}' twice");
                SkipBlanks(line, ref pos);
                if (pos < line.Length && line[pos] == ',')
                    pos++;
                else if (pos >= line.Length || line[pos] != '}')
                    throw new FormatException($"line {lineNo}: expected ',' or '}}' in the label set");
            }
        }
        SkipBlanks(line, ref pos);
        var raw = Token(line, ref pos);
        var number = raw switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d
                : throw new FormatException($"line {lineNo}: '{raw}' is not a sample value"),
        };
        SkipBlanks(line, ref pos);
        long? timestamp = null;
        if (pos < line.Length)
        {
            var ts = Token(line, ref pos);
            timestamp = long.TryParse(ts, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var t) ? t
                : throw new FormatException($"line {lineNo}: '{ts}' is not a timestamp");
            SkipBlanks(line, ref pos);
            if (pos < line.Length)
                throw new FormatException($"line {lineNo}: text after the timestamp");
        }
        return new Sample(name, labels, number, timestamp);
    }

    /// <summary>A histogram's samples belong to it under the suffixes _bucket, _sum and _count (a summary's: _sum, _count).</summary>
    private static Family? FamilyOf(string sample, Dictionary<string, Family> families)
    {
        if (families.TryGetValue(sample, out var exact) && exact.Type is not "histogram")
            return exact;
        foreach (var suffix in (string[])["_bucket", "_sum", "_count"])
        {
            if (sample.EndsWith(suffix, StringComparison.Ordinal)
                && families.TryGetValue(sample[..^suffix.Length], out var f)
                && (f.Type == "histogram" || f.Type == "summary" && suffix != "_bucket"))
                return f;
        }
        return null;
    }

    private static void CheckHistogram(Family f)
    {
        foreach (var series in f.Samples.GroupBy(s => string.Join(",", s.Labels.Where(l => l.Key != "le").OrderBy(l => l.Key).Select(l => l.Key + "=" + l.Value))))
        {
            var buckets = series.Where(s => s.Name == f.Name + "_bucket").ToList();
            if (buckets.Any(b => !b.Labels.ContainsKey("le")))
                throw new FormatException($"{f.Name}{{{series.Key}}}: a _bucket without le");
            var bounds = buckets.Select(b => b.Labels["le"] == "+Inf" ? double.PositiveInfinity : double.Parse(b.Labels["le"], CultureInfo.InvariantCulture)).ToList();
            for (var i = 1; i < buckets.Count; i++)
            {
                if (bounds[i] <= bounds[i - 1] || buckets[i].Value < buckets[i - 1].Value)
                    throw new FormatException($"{f.Name}{{{series.Key}}}: buckets not increasing and cumulative at le={buckets[i].Labels["le"]}");
            }
            if (bounds.Count == 0 || !double.IsPositiveInfinity(bounds[^1]))
                throw new FormatException($"{f.Name}{{{series.Key}}}: no +Inf bucket");
            var count = series.SingleOrDefault(s => s.Name == f.Name + "_count") ?? throw new FormatException($"{f.Name}{{{series.Key}}}: no _count");
            _ = series.SingleOrDefault(s => s.Name == f.Name + "_sum") ?? throw new FormatException($"{f.Name}{{{series.Key}}}: no _sum");
            if (count.Value != buckets[^1].Value)
                throw new FormatException($"{f.Name}{{{series.Key}}}: _count {count.Value} is not the +Inf bucket {buckets[^1].Value}");
        }
    }

    private static string MetricName(string line, ref int pos, int lineNo)
    {
        var start = pos;
        while (pos < line.Length && (char.IsAsciiLetter(line[pos]) || line[pos] is '_' or ':' || pos > start && char.IsAsciiDigit(line[pos])))
            pos++;
        return pos > start ? line[start..pos] : throw new FormatException($"line {lineNo}: expected a metric name at column {start + 1}");
    }

    private static string LabelName(string line, ref int pos, int lineNo)
    {
        var start = pos;
        while (pos < line.Length && (char.IsAsciiLetter(line[pos]) || line[pos] == '_' || pos > start && char.IsAsciiDigit(line[pos])))
            pos++;
        return pos > start ? line[start..pos] : throw new FormatException($"line {lineNo}: expected a label name at column {start + 1}");
    }

    private static string Token(string line, ref int pos)
    {
        var start = pos;
        while (pos < line.Length && line[pos] is not (' ' or '\t'))
            pos++;
        return line[start..pos];
    }

    private static void SkipBlanks(string line, ref int pos)
    {
        while (pos < line.Length && line[pos] is ' ' or '\t')
            pos++;
    }

    private static void Expect(string line, ref int pos, char c, int lineNo)
    {
        if (pos >= line.Length || line[pos] != c)
            throw new FormatException($"line {lineNo}: expected '{c}' at column {pos + 1}");
        pos++;
    }

    private static string Unescape(string s, int lineNo, bool allowQuote)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] != '\\' || i + 1 >= s.Length)
            {
                sb.Append(s[i]);
                continue;
            }
            sb.Append(s[++i] switch
            {
                '\\' => '\\', 'n' => '\n', '"' when allowQuote => '"',
                var e => throw new FormatException($"line {lineNo}: unknown escape \\{e}"),
            });
        }
        return sb.ToString();
    }
}
