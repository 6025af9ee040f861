namespace Hiy.Tests.Config;

/// <summary>
/// The files-toml-1.0.0 cases whose answer TOML 1.1 changed (https://toml.io/en/v1.1.0, changelog): Tomlyn
/// implements 1.1 only, so it accepts these 1.0-invalid documents. The conformance test asserts each one
/// really gets the 1.1 answer (and fails when one no longer does, so this list cannot go stale).
/// </summary>
public static class TomlTestExpectedDifferences
{
    public static readonly IReadOnlyDictionary<string, string> Toml10 = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // TOML 1.1: "seconds are optional" in times (HH:MM).
        ["invalid/datetime/no-secs.toml"] = "1.1 allows a time without seconds",
        ["invalid/local-datetime/no-secs.toml"] = "1.1 allows a time without seconds",
        ["invalid/local-time/no-secs.toml"] = "1.1 allows a time without seconds",
        // TOML 1.1: inline tables may span lines and end with a trailing comma.
        ["invalid/inline-table/linebreak-01.toml"] = "1.1 allows newlines inside an inline table",
        ["invalid/inline-table/linebreak-02.toml"] = "1.1 allows newlines inside an inline table",
        ["invalid/inline-table/linebreak-03.toml"] = "1.1 allows newlines inside an inline table",
        ["invalid/inline-table/linebreak-04.toml"] = "1.1 allows newlines inside an inline table",
        ["invalid/inline-table/trailing-comma.toml"] = "1.1 allows a trailing comma in an inline table",
        // TOML 1.1: the \xHH escape in basic strings.
        ["invalid/string/basic-byte-escapes.toml"] = "1.1 adds the \\xHH escape",
    };
}
