namespace Hiy.Core;

/// <summary>
/// The one gate for app and site names. A name becomes a DNS label (<c>name.domain</c>), a container
/// name (<c>hiy-name-42</c>), an image repository and a directory, so it must be safe for all four.
/// </summary>
public static class AppName
{
    /// <summary>Room for "hiy-" + name + "-" + a deploy number inside Docker's and DNS's limits.</summary>
    public const int MaxLength = 30;

    /// <summary>Names that already mean something on the appliance's own host names.</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "hiy", "www", "api", "git", "hooks", "admin", "dashboard", "localhost",
    };

    /// <summary>Returns null when <paramref name="name"/> is a valid app name, else the reason.</summary>
    public static string? Check(string? name)
    {
        if (string.IsNullOrEmpty(name))
            return "must not be empty";
        if (name.Length > MaxLength)
            return $"must be at most {MaxLength} characters";
        foreach (var c in name)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
                return "may only contain lower-case letters, digits and '-'";
        }
        if (name[0] == '-' || name[^1] == '-')
            return "must not start or end with '-'";
        if (name[0] is >= '0' and <= '9')
            return "must start with a letter";
        if (name.Contains("--", StringComparison.Ordinal))
            return "must not contain '--'";
        if (Reserved.Contains(name))
            return $"'{name}' is reserved";
        return null;
    }

    public static bool IsValid(string? name) => Check(name) is null;
}
