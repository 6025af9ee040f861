using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tomlyn;
using Tomlyn.Model;

namespace Hiy.Tests.Config;

/// <summary>
/// Compares a parsed document with toml-test's expected JSON, where tables are objects, arrays are
/// arrays and every scalar is tagged: {"type": "integer", "value": "42"}. The parsed value decides how the
/// JSON is read, so a TOML table that happens to hold "type" and "value" keys is still a table.
/// </summary>
public static partial class TomlTaggedJson
{
    /// <summary>Every difference, each prefixed with the key path; empty when the document matches.</summary>
    public static List<string> Compare(JsonElement expected, TomlTable actual)
    {
        var differences = new List<string>();
        CompareTable(expected, actual, "", differences);
        return differences;
    }

    private static void CompareValue(JsonElement expected, object actual, string path, List<string> differences)
    {
        switch (actual)
        {
            case TomlTable table:
                CompareTable(expected, table, path, differences);
                return;
            case TomlArray array:
                CompareArray(expected, array, path, differences);
                return;
            case TomlTableArray tables:
                CompareArray(expected, tables, path, differences);
                return;
        }
        if (!TryReadTagged(expected, out var type, out var value))
        {
            differences.Add($"{Show(path)}: expected {Describe(expected)}, got {TypeOf(actual)} {Format(actual)}");
            return;
        }
        var actualType = TypeOf(actual);
        if (type != actualType)
        {
            differences.Add($"{Show(path)}: expected {type} {value}, got {actualType} {Format(actual)}");
            return;
        }
        var same = actual switch
        {
            string s => s == value,
            long l => long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var e) && e == l,
            double d => SameFloat(value, d),
            bool b => value == (b ? "true" : "false"),
            TomlDateTime dt => NormaliseDateTime(value) == NormaliseDateTime(dt.ToString()),
            _ => false,
        };
        if (!same)
            differences.Add($"{Show(path)}: expected {type} {JsonSerializer.Serialize(value, TaggedJsonContext.Default.String)}, got {Format(actual)}");
    }

    private static void CompareTable(JsonElement expected, TomlTable actual, string path, List<string> differences)
    {
        if (expected.ValueKind != JsonValueKind.Object || TryReadTagged(expected, out _, out _) && !LooksLikeTable(actual))
        {
            differences.Add($"{Show(path)}: expected {Describe(expected)}, got a table");
            return;
        }
        var expectedKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in expected.EnumerateObject())
        {
            expectedKeys.Add(property.Name);
            var child = Join(path, property.Name);
            if (actual.TryGetValue(property.Name, out var value))
                CompareValue(property.Value, value, child, differences);
            else
                differences.Add($"{Show(child)}: missing (expected {Describe(property.Value)})");
        }
        foreach (var key in actual.Keys)
        {
            if (!expectedKeys.Contains(key))
                differences.Add($"{Show(Join(path, key))}: unexpected key holding {TypeOf(actual[key])} {Format(actual[key])}");
        }
    }

    // A table with exactly the keys "type" and "value" is what the tagged form looks like; let it through.
    private static bool LooksLikeTable(TomlTable table) => table.ContainsKey("type") && table.ContainsKey("value");

    /// <summary>An array of values or an array of tables ([[x]]): both are JSON arrays in toml-test.</summary>
    private static void CompareArray<T>(JsonElement expected, IList<T> actual, string path, List<string> differences)
    {
        if (expected.ValueKind != JsonValueKind.Array)
        {
            differences.Add($"{Show(path)}: expected {Describe(expected)}, got an array");
            return;
        }
        var length = expected.GetArrayLength();
        if (length != actual.Count)
        {
            differences.Add($"{Show(path)}: expected an array of {length}, got {actual.Count} items");
            return;
        }
        var i = 0;
        foreach (var item in expected.EnumerateArray())
        {
            if (actual[i] is { } value)
                CompareValue(item, value, $"{path}[{i}]", differences);
            else
                differences.Add($"{Show(path)}[{i}]: expected {Describe(item)}, got null");
            i++;
        }
    }

    private static bool TryReadTagged(JsonElement element, out string type, out string value)
    {
        type = value = "";
        if (element.ValueKind != JsonValueKind.Object)
            return false;
        var count = 0;
        foreach (var _ in element.EnumerateObject())
            count++;
        if (count != 2
            || !element.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String
            || !element.TryGetProperty("value", out var v) || v.ValueKind != JsonValueKind.String)
            return false;
        type = t.GetString()!;
        value = v.GetString()!;
        return true;
    }

    /// <summary>Floats compare by value: nan equals nan, and 0.0 and -0.0 are told apart.</summary>
    private static bool SameFloat(string expected, double actual)
    {
        double e = expected switch
        {
            "nan" or "+nan" or "-nan" => double.NaN,
            "inf" or "+inf" => double.PositiveInfinity,
            "-inf" => double.NegativeInfinity,
            _ => double.Parse(expected, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        if (double.IsNaN(e) || double.IsNaN(actual))
            return double.IsNaN(e) && double.IsNaN(actual);
        return e.Equals(actual) && double.IsNegative(e) == double.IsNegative(actual);
    }

    /// <summary>
    /// RFC 3339 text in one spelling: 'T' and 'Z' upper case, a space delimiter as 'T', +00:00 as Z,
    /// and fractional seconds without trailing zeros (56.600 and 56.6 are the same instant).
    /// </summary>
    public static string NormaliseDateTime(string value)
    {
        var m = DateTimePattern().Match(value);
        if (!m.Success)
            return "unparsable:" + value;
        var fraction = m.Groups["frac"].Value.TrimEnd('0');
        var offset = m.Groups["off"].Value.ToUpperInvariant();
        if (offset is "+00:00" or "-00:00")
            offset = "Z";
        var date = m.Groups["date"].Value;
        var time = m.Groups["time"].Value;
        return date + (date.Length > 0 && time.Length > 0 ? "T" : "") + time
            + (fraction.Length > 0 ? "." + fraction : "") + offset;
    }

    [GeneratedRegex(@"^(?<date>\d{4}-\d{2}-\d{2})?(?:[Tt ]?(?<time>\d{2}:\d{2}:\d{2})(?:\.(?<frac>\d+))?(?<off>[Zz]|[+-]\d{2}:\d{2})?)?$")]
    private static partial Regex DateTimePattern();

    private static string TypeOf(object value) => value switch
    {
        string => "string",
        long => "integer",
        double => "float",
        bool => "bool",
        TomlDateTime { Kind: TomlDateTimeKind.OffsetDateTimeByZ or TomlDateTimeKind.OffsetDateTimeByNumber } => "datetime",
        TomlDateTime { Kind: TomlDateTimeKind.LocalDateTime } => "datetime-local",
        TomlDateTime { Kind: TomlDateTimeKind.LocalDate } => "date-local",
        TomlDateTime { Kind: TomlDateTimeKind.LocalTime } => "time-local",
        TomlArray => "array",
        TomlTableArray => "array",
        TomlTable => "table",
        _ => value.GetType().Name,
    };

    private static string Format(object value) => value switch
    {
        string s => JsonSerializer.Serialize(s, TaggedJsonContext.Default.String),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        TomlArray a => $"[{a.Count} items]",
        TomlTableArray a => $"[[{a.Count} tables]]",
        TomlTable t => $"{{{t.Count} keys}}",
        _ => value.ToString() ?? "",
    };

    private static string Describe(JsonElement element) =>
        TryReadTagged(element, out var type, out var value)
            ? $"{type} {JsonSerializer.Serialize(value, TaggedJsonContext.Default.String)}"
            : element.ValueKind switch
            {
                JsonValueKind.Object => "a table",
                JsonValueKind.Array => "an array",
                _ => element.GetRawText(),
            };

    private static string Join(string path, string key) =>
        path.Length == 0 ? Quote(key) : path + "." + Quote(key);

    private static string Quote(string key) =>
        key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
            ? key
            : JsonSerializer.Serialize(key, TaggedJsonContext.Default.String);

    private static string Show(string path) => path.Length == 0 ? "(root)" : path;
}
