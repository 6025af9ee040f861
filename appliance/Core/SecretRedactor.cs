namespace Hiy.Core;

/// <summary>
/// Replaces known secret values (an app's env values) in text before it is logged or stored. Values
/// shorter than <see cref="MinLength"/> are skipped: redacting "1" or "on" would shred every line.
/// </summary>
public sealed class SecretRedactor
{
    public const int MinLength = 4;
    public const string Mask = "[redacted]";
    private readonly string[] _secrets;

    public SecretRedactor(IEnumerable<string> secrets) =>
        // Longest first, so a secret containing another is masked whole.
        _secrets = secrets.Where(s => s.Length >= MinLength).Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length).ToArray();

    public static SecretRedactor None { get; } = new([]);

    public string Redact(string text)
    {
        foreach (var s in _secrets)
        {
            if (text.Contains(s, StringComparison.Ordinal))
                text = text.Replace(s, Mask, StringComparison.Ordinal);
        }
        return text;
    }
}
