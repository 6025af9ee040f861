namespace Hiy.Core;

/// <summary>The gate for env var names: POSIX shell-safe, as Heroku and Docker expect.</summary>
public static class EnvKey
{
    public const int MaxLength = 128;

    /// <summary>Null when valid, else the reason.</summary>
    public static string? Check(string? key)
    {
        if (string.IsNullOrEmpty(key))
            return "must not be empty";
        if (key.Length > MaxLength)
            return $"must be at most {MaxLength} characters";
        if (key[0] is >= '0' and <= '9')
            return "must not start with a digit";
        foreach (var c in key)
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
                return "may only contain letters, digits and '_'";
        }
        return null;
    }
}
