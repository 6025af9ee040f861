using Tomlyn.Model;

namespace Hiy.Config;

/// <summary>
/// A parsed TOML file: the table, or every error found (DESIGN rule 4: errors are values). Values in the
/// table are Tomlyn's model: <see cref="string"/>, <see cref="long"/>, <see cref="double"/>, <see cref="bool"/>,
/// <see cref="Tomlyn.TomlDateTime"/>, <see cref="TomlArray"/>, <see cref="TomlTableArray"/> or <see cref="TomlTable"/>.
/// </summary>
public sealed record TomlParseResult(TomlTable? Table, IReadOnlyList<TomlError> Errors)
{
    public bool Ok => Table is not null && Errors.Count == 0;
}
