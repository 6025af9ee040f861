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

    public void Append(long appId, IReadOnlyList<(DateTimeOffset Time, string Stream, string Text)> lines)
    {
        if (lines.Count == 0)
            return;
        db.Write((c, tx) =>
        {
            using var cmd = c.Command("INSERT INTO log_lines(app_id, ts, stream, line) VALUES ($a, $t, $s, $l)", tx);
            cmd.Parameters.AddWithValue("$a", appId);
            var t = cmd.Parameters.Add("$t", SqliteType.Text);
            var s = cmd.Parameters.Add("$s", SqliteType.Text);
            var l = cmd.Parameters.Add("$l", SqliteType.Text);
            foreach (var line in lines)
            {
                t.Value = Clock.Format(line.Time);
                s.Value = line.Stream;
                l.Value = line.Text.Length > MaxLineChars ? line.Text[..MaxLineChars] + " [truncated]" : line.Text;
                cmd.ExecuteNonQuery();
            }
        });
    }

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
