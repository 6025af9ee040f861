using Microsoft.Data.Sqlite;

namespace Hiy.Store;

/// <summary>Small helpers for hand-written, reflection-free row mapping.</summary>
public static class SqliteExtensions
{
    public static SqliteCommand Command(this SqliteConnection c, string sql, SqliteTransaction? tx = null)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        return cmd;
    }

    public static SqliteCommand With(this SqliteCommand cmd, string name, object? value)
    {
        cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    public static string? StringOrNull(this SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
    public static long? LongOrNull(this SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);
    public static byte[]? BytesOrNull(this SqliteDataReader r, int i) => r.IsDBNull(i) ? null : (byte[])r.GetValue(i);

    /// <summary>Maps every row with a hand-written mapper.</summary>
    public static List<T> ReadAll<T>(this SqliteCommand cmd, Func<SqliteDataReader, T> map)
    {
        using var r = cmd.ExecuteReader();
        var list = new List<T>();
        while (r.Read())
            list.Add(map(r));
        return list;
    }

    public static T? ReadOne<T>(this SqliteCommand cmd, Func<SqliteDataReader, T> map) where T : class
    {
        using var r = cmd.ExecuteReader();
        return r.Read() ? map(r) : null;
    }
}
