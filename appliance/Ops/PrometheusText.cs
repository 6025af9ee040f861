using System.Globalization;
using System.Text;

namespace Hiy.Ops;

/// <summary>
/// Writes the Prometheus text exposition format 0.0.4 (prometheus.io "Exposition formats"): one <c># HELP</c> and one
/// <c># TYPE</c> line per family before its samples, label values escaped (<c>\\</c>, <c>\"</c>, <c>\n</c>), HELP text
/// escaped (<c>\\</c>, <c>\n</c>), values as Go's ParseFloat reads them (<c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>).
/// </summary>
public sealed class PrometheusText
{
    /// <summary>The Content-Type a scraper expects for this format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _text = new();

    /// <summary>Starts a family; <paramref name="type"/> is counter, gauge, histogram, summary or untyped.</summary>
    public PrometheusText Family(string name, string type, string help)
    {
        _text.Append("# HELP ").Append(name).Append(' ');
        foreach (var c in help)
            _ = c switch { '\\' => _text.Append(@"\\"), '\n' => _text.Append(@"\n"), _ => _text.Append(c) };
        _text.Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        return this;
    }

    /// <summary>One sample line: <c>name{label="value",…} value</c>; labels are name/value pairs.</summary>
    public PrometheusText Sample(string name, double value, params ReadOnlySpan<string> labels)
    {
        _text.Append(name);
        if (labels.Length > 0)
        {
            _text.Append('{');
            for (var i = 0; i + 1 < labels.Length; i += 2)
            {
                if (i > 0)
                    _text.Append(',');
                _text.Append(labels[i]).Append("=\"");
                foreach (var c in labels[i + 1])
                    _ = c switch { '\\' => _text.Append(@"\\"), '"' => _text.Append("\\\""), '\n' => _text.Append(@"\n"), _ => _text.Append(c) };
                _text.Append('"');
            }
            _text.Append('}');
        }
        _text.Append(' ').Append(Format(value)).Append('\n');
        return this;
    }

    /// <summary>
    /// A histogram's samples for one label set: cumulative <c>_bucket{le=…}</c> lines from per-bucket counts (the last one
    /// is +Inf), then <c>_sum</c> and <c>_count</c> (the +Inf bucket, so the two always agree).
    /// </summary>
    public PrometheusText Histogram(string name, IReadOnlyList<double> bounds, IReadOnlyList<long> counts, double sum, params string[] labels)
    {
        var withLe = new string[labels.Length + 2];
        labels.CopyTo(withLe, 0);
        withLe[^2] = "le";
        long cumulative = 0;
        for (var i = 0; i <= bounds.Count; i++)
        {
            cumulative += counts[i];
            withLe[^1] = i < bounds.Count ? Format(bounds[i]) : "+Inf";
            Sample(name + "_bucket", cumulative, withLe);
        }
        Sample(name + "_sum", sum, labels);
        return Sample(name + "_count", cumulative, labels);
    }

    public static string Format(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    public override string ToString() => _text.ToString();
}
