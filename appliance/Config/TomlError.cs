namespace Hiy.Config;

/// <summary>One reason a TOML file was refused, where it is: 1-based line and column, as editors count.</summary>
public sealed record TomlError(string File, int Line, int Column, string Reason)
{
    /// <summary>The form compilers use and editors jump to: <c>file:line:column: reason</c>.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}: {Reason}";
}
