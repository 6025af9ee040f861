namespace Hiy.Config.Toml;

/// <summary>Which of TOML's four date-time flavours a value is (TOML 1.0 §Offset Date-Time … §Local Time).</summary>
public enum TomlDateTimeKind { OffsetDateTime, LocalDateTime, LocalDate, LocalTime }

/// <summary>
/// A TOML date/time value. Kept as its parts so local values stay local and the fractional seconds keep
/// the precision written (up to what the spec requires, milliseconds, and beyond when written).
/// </summary>
public sealed record TomlDateTime(
    TomlDateTimeKind Kind,
    DateOnly? Date,
    TimeOnly? Time,
    string? Fraction,
    TimeSpan? Offset)
{
    /// <summary>The value as an instant; only meaningful for <see cref="TomlDateTimeKind.OffsetDateTime"/>.</summary>
    public DateTimeOffset? ToDateTimeOffset() =>
        Kind == TomlDateTimeKind.OffsetDateTime && Date is { } d && Time is { } t && Offset is { } o
            ? new DateTimeOffset(d.ToDateTime(t), o)
            : null;

    /// <summary>The value in RFC 3339 form (upper-case 'T' and 'Z'), fractional seconds as written.</summary>
    public override string ToString()
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var sb = new System.Text.StringBuilder();
        if (Date is { } d)
            sb.Append(d.ToString("yyyy-MM-dd", inv));
        if (Date is not null && Time is not null)
            sb.Append('T');
        if (Time is { } t)
        {
            sb.Append(t.ToString("HH:mm:ss", inv));
            if (Fraction is not null)
                sb.Append('.').Append(Fraction);
        }
        if (Offset is { } o)
        {
            if (o == TimeSpan.Zero)
                sb.Append('Z');
            else
                sb.Append(o < TimeSpan.Zero ? '-' : '+').Append(o.Duration().ToString(@"hh\:mm", inv));
        }
        return sb.ToString();
    }
}
