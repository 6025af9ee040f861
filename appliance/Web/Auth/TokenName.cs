using System.Globalization;
using System.Text;

namespace Hiy.Web.Auth;

/// <summary>The gate for a token's name: what GET /api/v1/tokens shows, so it must be short, printable text.</summary>
public static class TokenName
{
    public const int MaxLength = 64;
    public const string Default = "cli";

    /// <summary>The name to store (trimmed; <see cref="Default"/> when absent), or the reason it is refused.</summary>
    public static (string? Name, string? Error) Normalise(string? name)
    {
        if (name is null)
            return (Default, null);
        var trimmed = name.Trim();
        if (trimmed.Length == 0)
            return (null, "must not be blank");
        var count = 0;
        for (var i = 0; i < trimmed.Length;)
        {
            if (Rune.DecodeFromUtf16(trimmed.AsSpan(i), out var rune, out var used) != System.Buffers.OperationStatus.Done)
                return (null, "must be valid text (an unpaired surrogate)");
            if (!IsPrintable(rune))
                return (null, $"must be printable characters (U+{rune.Value:X4} is not)");
            i += used;
            count++;
        }
        return count > MaxLength ? (null, $"must be at most {MaxLength} characters") : (trimmed, null);
    }

    private static bool IsPrintable(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => false,
        _ => true,
    };
}
