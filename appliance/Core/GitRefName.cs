namespace Hiy.Core;

/// <summary>
/// The gate for a git ref or commit a client names (a deploy's <c>ref</c>): the rules of git-check-ref-format(1),
/// plus no leading '-' (so it can never be read as an option, e.g. <c>--upload-pack=…</c>) and at most
/// <see cref="MaxLength"/> characters. A branch name, <c>refs/heads/x</c>, a tag or a (short) sha all pass.
/// </summary>
public static class GitRefName
{
    public const int MaxLength = 255;

    /// <summary>Null when <paramref name="value"/> is a valid ref; otherwise why not, for the API's field error.</summary>
    public static string? Problem(string value)
    {
        if (value.Length == 0)
            return "must not be empty";
        if (value.Length > MaxLength)
            return $"must be at most {MaxLength} characters";
        if (value[0] == '-')
            return "must not start with '-'";
        if (value == "@")
            return "must not be '@'";
        if (value.EndsWith('/') || value.EndsWith('.'))
            return "must not end with '/' or '.'";
        if (value.Contains("..", StringComparison.Ordinal) || value.Contains("@{", StringComparison.Ordinal) || value.Contains("//", StringComparison.Ordinal))
            return "must not contain '..', '@{' or '//'";
        foreach (var c in value)
        {
            if (c < 0x20 || c == 0x7f || c is ' ' or '~' or '^' or ':' or '?' or '*' or '[' or '\\')
                return "must not contain spaces, control characters or any of ~ ^ : ? * [ \\";
        }
        foreach (var part in value.Split('/'))
        {
            if (part.Length == 0 || part[0] == '.' || part.EndsWith(".lock", StringComparison.Ordinal))
                return "no part may be empty, start with '.' or end with '.lock'";
        }
        return null;
    }
}
