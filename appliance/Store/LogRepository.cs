using Microsoft.Data.Sqlite;

namespace Hiy.Store;

/// <summary>One captured line of an app's output.</summary>
public sealed record LogLine(long Id, DateTimeOffset Time, string Stream, string Text);

/// <summary>
/// Container output kept in SQLite as a ring buffer of the newest 10,000 lines per app (the trigger in
/// 0001_initial.sql drops older ones). Lines arrive already redacted.
/// </summary>
public sealed class LogRepository(HiyDatabase db)
{
    public const int MaxLineChars = 16 * 1024;

    /// <summary>Stores the lines in one transaction and returns them as stored (with ids, for live followers).</summary>
    public IReadOnlyList<LogLine> Append(long appId, IReadOnlyList<(DateTimeOffset Time, string Stream, string Text)> lines)
    {
        if (lines.Count == 0)
            return [];
        return db.Write((c, tx) =>
        {
            var stored = new List<LogLine>(lines.Count);
            using var cmd = c.Command("INSERT INTO log_lines(app_id, ts, stream, line) VALUES ($a, $t, $s, $l) RETURNING id", tx);
            cmd.Parameters.AddWithValue("$a", appId);
            var t = cmd.Parameters.Add("$t", SqliteType.Text);
            var s = cmd.Parameters.Add("$s", SqliteType.Text);
            var l = cmd.Parameters.Add("$l", SqliteType.Text);
            foreach (var line in lines)
            {
                t.Value = Clock.Format(line.Time);
                s.Value = line.Stream;
                var text = Clip(line.Text);
                l.Value = text;
                stored.Add(new LogLine((long)cmd.ExecuteScalar()!, line.Time, line.Stream, text));
            }
            return stored;
        });
    }

    /// <summary>A line's text as it is stored: cut at <see cref="MaxLineChars"/>.</summary>
    public static string Clip(string text) => text.Length > MaxLineChars ? text[..MaxLineChars] + " [truncated]" : text;

    /// <summary>The lines stored with the newest line's time (same millisecond), oldest first; where a collector resumes.</summary>
    public IReadOnlyList<LogLine> AtNewestTime(long appId) =>
        db.Read(c => c.Command("""
            SELECT id, ts, stream, line FROM log_lines
            WHERE app_id = $a AND ts = (SELECT ts FROM log_lines WHERE app_id = $a ORDER BY id DESC LIMIT 1)
            ORDER BY id
            """).With("$a", appId).ReadAll(Map));

    /// <summary>The newest <paramref name="count"/> lines, oldest first.</summary>
    public IReadOnlyList<LogLine> Tail(long appId, int count) =>
        db.Read(c => c.Command("""
            SELECT id, ts, stream, line FROM (SELECT id, ts, stream, line FROM log_lines WHERE app_id = $a ORDER BY id DESC LIMIT $n)
            ORDER BY id
            """).With("$a", appId).With("$n", count).ReadAll(Map));

    /// <summary>Lines after <paramref name="afterId"/>, oldest first (for followers catching up).</summary>
    public IReadOnlyList<LogLine> After(long appId, long afterId, int limit = 1000) =>
        db.Read(c => c.Command("SELECT id, ts, stream, line FROM log_lines WHERE app_id = $a AND id > $i ORDER BY id LIMIT $n")
            .With("$a", appId).With("$i", afterId).With("$n", limit).ReadAll(Map));

    private static LogLine Map(SqliteDataReader r) => new(r.GetInt64(0), Clock.Parse(r.GetString(1)), r.GetString(2), r.GetString(3));
}
