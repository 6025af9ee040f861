namespace Hiy.Stacks;

public enum StackErrorKind { NotFound, Conflict, Invalid, Unavailable }

/// <summary>An expected failure of a template or deployment operation, with every field it names (DESIGN.md rule 4).</summary>
public sealed record StackError(StackErrorKind Kind, string Title, string Detail, IReadOnlyDictionary<string, string>? Errors = null)
{
    public static StackError NotFound(string what, string id) => new(StackErrorKind.NotFound, $"No such {what}", $"no {what} '{id}'");

    public static StackError Invalid(string title, IReadOnlyDictionary<string, string> errors) =>
        new(StackErrorKind.Invalid, title, string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}")), errors);
}

/// <summary>A value or the error that stopped it.</summary>
public readonly record struct StackResult<T>(T? Value, StackError? Error)
{
    public static implicit operator StackResult<T>(T value) => new(value, null);

    public static implicit operator StackResult<T>(StackError error) => new(default, error);
}
