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
}
