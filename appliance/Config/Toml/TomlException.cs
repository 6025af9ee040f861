namespace Hiy.Config.Toml;

/// <summary>Invalid TOML, with the 1-based line and column where the parser gave up.</summary>
public sealed class TomlException(string reason, int line, int column)
    : Exception($"{line}:{column}: {reason}")
{
    public string Reason { get; } = reason;
    public int Line { get; } = line;
    public int Column { get; } = column;
}
