using Hiy.Secrets;
using Microsoft.Data.Sqlite;

namespace Hiy.Store;

/// <summary>One sealed blob in the database: where it lives, what it is bound to (its AES-GCM associated data).</summary>
public sealed record SealedValue(string Table, string Purpose, byte[] Blob, string UpdateSql, IReadOnlyList<KeyValuePair<string, object>> Keys);

/// <summary>
/// Every column that holds a <see cref="SecretBox"/> blob, in one place, so key rotation re-seals all of them and a
/// restore can prove its key opens one. A new sealed column must be added here (grep for <c>Seal(</c>).
/// </summary>
public static class SealedValues
{
    public static List<SealedValue> ReadAll(SqliteConnection c, SqliteTransaction? tx = null)
    {
        var all = new List<SealedValue>();
        all.AddRange(c.Command("SELECT key, secret FROM settings WHERE secret IS NOT NULL", tx).ReadAll(r => new SealedValue(
            "settings", SettingsRepository.Purpose(r.GetString(0)), (byte[])r.GetValue(1), "UPDATE settings SET secret = $blob WHERE key = $k",
            [new("$k", r.GetString(0))])));
        all.AddRange(c.Command("SELECT e.app_id, a.name, e.key, e.value FROM env_vars e JOIN apps a ON a.id = e.app_id", tx).ReadAll(r => new SealedValue(
            "env_vars", EnvRepository.Purpose(r.GetString(1), r.GetString(2)), (byte[])r.GetValue(3),
            "UPDATE env_vars SET value = $blob WHERE app_id = $a AND key = $k", [new("$a", r.GetInt64(0)), new("$k", r.GetString(2))])));
        all.AddRange(c.Command("SELECT id, primary_name, key FROM certificates WHERE key IS NOT NULL", tx).ReadAll(r => new SealedValue(
            "certificates", CertificateRepository.KeyPurpose(r.GetString(1)), (byte[])r.GetValue(2),
            "UPDATE certificates SET key = $blob WHERE id = $id", [new("$id", r.GetInt64(0))])));
        all.AddRange(c.Command("SELECT directory_url, key FROM acme_accounts", tx).ReadAll(r => new SealedValue(
            "acme_accounts", AcmeAccountRepository.KeyPurpose(r.GetString(0)), (byte[])r.GetValue(1),
            "UPDATE acme_accounts SET key = $blob WHERE directory_url = $u", [new("$u", r.GetString(0))])));
        return all;
    }

    /// <summary>Writes <paramref name="blob"/> in place of <paramref name="value"/>'s, inside the caller's transaction.</summary>
    public static void Replace(SqliteConnection c, SqliteTransaction tx, SealedValue value, byte[] blob)
    {
        var cmd = c.Command(value.UpdateSql, tx).With("$blob", blob);
        foreach (var (name, key) in value.Keys)
            cmd.With(name, key);
        using (cmd)
        {
            if (cmd.ExecuteNonQuery() != 1)
                throw new StoreException($"{value.Table}: the sealed value '{value.Purpose}' changed while it was re-sealed");
        }
    }
}
