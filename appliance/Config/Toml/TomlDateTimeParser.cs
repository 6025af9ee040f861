namespace Hiy.Config.Toml;

/// <summary>
/// TOML 1.0 §Offset Date-Time, §Local Date-Time, §Local Date, §Local Time: the RFC 3339 profile
/// (RFC 3339 §5.6) with a space allowed in place of 'T'. Seconds are required in TOML 1.0.
/// </summary>
internal static class TomlDateTimeParser
{
    /// <summary>True when the text at the cursor starts like a date (1979-) or a time (07:).</summary>
    public static bool StartsHere(TomlCursor cursor) =>
        (Digits(cursor, 0, 4) && cursor.Peek(4) == '-') || (Digits(cursor, 0, 2) && cursor.Peek(2) == ':');

    public static TomlDateTime Read(TomlCursor cursor)
    {
        if (Digits(cursor, 0, 2) && cursor.Peek(2) == ':')
        {
            var (localTime, localFraction) = ReadTime(cursor);
            return new TomlDateTime(TomlDateTimeKind.LocalTime, null, localTime, localFraction, null);
        }

        var date = ReadDate(cursor);
        // RFC 3339 §5.6 note: 'T' may be lower case; TOML 1.0 also allows a single space, which only
        // counts as the delimiter when a time follows ("1979-05-27 # comment" is a date and a comment).
        var delimiter = cursor.Peek();
        var hasTime = delimiter is 'T' or 't'
            || (delimiter == ' ' && Digits(cursor, 1, 2) && cursor.Peek(3) == ':');
        if (!hasTime)
            return new TomlDateTime(TomlDateTimeKind.LocalDate, date, null, null, null);
        cursor.Advance();
        var (time, fraction) = ReadTime(cursor);

        TimeSpan? offset = null;
        var c = cursor.Peek();
        if (c is 'Z' or 'z')
        {
            cursor.Advance();
            offset = TimeSpan.Zero;
        }
        else if (c is '+' or '-')
        {
            cursor.Advance();
            var hours = Number(cursor, 2, 23, "offset hour");
            Expect(cursor, ':', "between the offset hour and minute");
            var minutes = Number(cursor, 2, 59, "offset minute");
            offset = new TimeSpan(hours, minutes, 0);
            if (c == '-')
                offset = -offset;
        }
        return offset is null
            ? new TomlDateTime(TomlDateTimeKind.LocalDateTime, date, time, fraction, null)
            : new TomlDateTime(TomlDateTimeKind.OffsetDateTime, date, time, fraction, offset);
    }

    private static DateOnly ReadDate(TomlCursor cursor)
    {
        var start = cursor.Pos;
        var year = Number(cursor, 4, 9999, "year");
        Expect(cursor, '-', "between year and month");
        var monthPos = cursor.Pos;
        var month = Number(cursor, 2, 12, "month");
        if (month == 0)
            throw cursor.Error("month must be between 01 and 12", monthPos);
        Expect(cursor, '-', "between month and day");
        var dayPos = cursor.Pos;
        var day = Number(cursor, 2, 31, "day");
        if (year == 0)
            throw cursor.Error("year 0000 is not supported (the earliest date is 0001-01-01)", start);
        if (day == 0 || day > DateTime.DaysInMonth(year, month))
            throw cursor.Error($"day {day:00} does not exist in {year:0000}-{month:00}", dayPos);
        return new DateOnly(year, month, day);
    }

    /// <summary>HH:MM:SS with optional fractional seconds; returns the time and the fraction digits as written.</summary>
    private static (TimeOnly Time, string? Fraction) ReadTime(TomlCursor cursor)
    {
        var hour = Number(cursor, 2, 23, "hour");
        Expect(cursor, ':', "between hour and minute");
        var minute = Number(cursor, 2, 59, "minute");
        // TOML 1.0 requires seconds (1.1 makes them optional).
        Expect(cursor, ':', "between minute and second (TOML 1.0 requires seconds)");
        var secondPos = cursor.Pos;
        var second = Number(cursor, 2, 60, "second");
        if (second == 60)
            throw cursor.Error("leap second :60 is not supported", secondPos);
        string? fraction = null;
        long ticks = 0;
        if (cursor.Peek() == '.')
        {
            cursor.Advance();
            var start = cursor.Pos;
            while (TomlCursor.IsDigit(cursor.Peek()))
                cursor.Advance();
            if (cursor.Pos == start)
                throw cursor.Error($"expected a digit after the '.' of the seconds, found {TomlCursor.Describe(cursor.Peek())}");
            fraction = cursor.Slice(start, cursor.Pos);
            // Precision beyond what TimeOnly holds (100 ns) is truncated, as TOML 1.0 §Offset Date-Time permits;
            // Fraction keeps every digit written.
            var seven = fraction.Length >= 7 ? fraction[..7] : fraction.PadRight(7, '0');
            ticks = long.Parse(seven, System.Globalization.CultureInfo.InvariantCulture);
        }
        return (new TimeOnly(hour, minute, second).Add(TimeSpan.FromTicks(ticks)), fraction);
    }

    /// <summary>Exactly <paramref name="width"/> digits, at most <paramref name="max"/>.</summary>
    private static int Number(TomlCursor cursor, int width, int max, string what)
    {
        var start = cursor.Pos;
        var value = 0;
        for (var i = 0; i < width; i++)
        {
            var c = cursor.Peek();
            if (!TomlCursor.IsDigit(c))
                throw cursor.Error($"expected {width} digits for the {what}, found {TomlCursor.Describe(c)}");
            value = value * 10 + (c - '0');
            cursor.Advance();
        }
        if (value > max)
            throw cursor.Error($"{what} {cursor.Slice(start, cursor.Pos)} is out of range (at most {max})", start);
        return value;
    }

    private static void Expect(TomlCursor cursor, char c, string where)
    {
        if (!cursor.TryTake(c))
            throw cursor.Error($"expected '{c}' {where}, found {TomlCursor.Describe(cursor.Peek())}");
    }

    private static bool Digits(TomlCursor cursor, int offset, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (!TomlCursor.IsDigit(cursor.Peek(offset + i)))
                return false;
        }
        return true;
    }
}
