using Hiy.Secrets;

namespace Hiy.Store;

/// <summary>An app's env vars, every value sealed with the master key and bound to app and key.</summary>
public sealed class EnvRepository(HiyDatabase db, SecretBox secrets, TimeProvider time)
{
    public IReadOnlyDictionary<string, string> Get(long appId, string appName)
    {
        var rows = db.Read(c => c.Command("SELECT key, value FROM env_vars WHERE app_id = $a ORDER BY key").With("$a", appId)
            .ReadAll(r => (Key: r.GetString(0), Value: (byte[])r.GetValue(1))));
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, blob) in rows)
            result[key] = secrets.OpenString(blob, Purpose(appName, key));
        return result;
    }

    /// <summary>Merges <paramref name="values"/> into the app's env (API.md: PUT merges).</summary>
    public void Merge(long appId, string appName, IReadOnlyDictionary<string, string> values)
    {
        var now = Clock.Format(time.GetUtcNow());
        db.Write((c, tx) =>
        {
            foreach (var (key, value) in values)
            {
                c.Command("""
                    INSERT INTO env_vars(app_id, key, value, updated_at) VALUES ($a, $k, $v, $t)
                    ON CONFLICT(app_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                    """, tx).With("$a", appId).With("$k", key).With("$v", secrets.Seal(value, Purpose(appName, key))).With("$t", now)
                    .ExecuteNonQuery();
            }
        });
    }

    public bool Remove(long appId, string key) =>
        db.Write((c, tx) => c.Command("DELETE FROM env_vars WHERE app_id = $a AND key = $k", tx).With("$a", appId).With("$k", key)
            .ExecuteNonQuery() > 0);

    internal static string Purpose(string app, string key) => $"env:{app}:{key}";
}
