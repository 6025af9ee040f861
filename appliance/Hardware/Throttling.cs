using System.Globalization;

namespace Hiy.Hardware;

/// <summary>
/// A Raspberry Pi's throttling flags, from the firmware's get_throttled word (raspberrypi.com "vcgencmd": bit 0
/// under-voltage now, 1 ARM frequency capped now, 2 throttled now, 3 soft temperature limit now; bits 16–19 the same
/// "has occurred since boot"). Off a Pi <see cref="Available"/> is false and every flag false.
/// </summary>
public sealed record Throttling(
    bool Available,
    bool UnderVoltageNow,
    bool FreqCappedNow,
    bool ThrottledNow,
    bool SoftTempLimitNow,
    bool UnderVoltageSeen,
    bool FreqCappedSeen,
    bool ThrottledSeen,
    bool SoftTempLimitSeen,
    string? Raw)
{
    public static readonly Throttling NotAvailable = new(false, false, false, false, false, false, false, false, false, null);

    public static Throttling FromWord(uint word) => new(true,
        Bit(word, 0), Bit(word, 1), Bit(word, 2), Bit(word, 3),
        Bit(word, 16), Bit(word, 17), Bit(word, 18), Bit(word, 19),
        "0x" + word.ToString("x", CultureInfo.InvariantCulture));

    /// <summary>
    /// The sysfs attribute's text (the kernel's raspberrypi firmware driver prints the word as hex, "50005") or vcgencmd's
    /// line ("throttled=0x50005"); null when it is neither.
    /// </summary>
    public static Throttling? Parse(string text)
    {
        var s = text.Trim().Trim('\0');
        if (s.StartsWith("throttled=", StringComparison.Ordinal))
            s = s["throttled=".Length..];
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            s = s[2..];
        return s.Length is > 0 and <= 8 && uint.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var word)
            ? FromWord(word)
            : null;
    }

    private static bool Bit(uint word, int bit) => (word & (1u << bit)) != 0;
}
