using Hiy.Secrets;
using Microsoft.Data.Sqlite;

namespace Hiy.Store;

/// <summary>
/// The <c>acme_accounts</c> table: the account key (PKCS#8, sealed with purpose <c>acme-account:&lt;directory&gt;</c>)
/// and account URL per directory, so a restart reuses the account instead of registering again.
/// </summary>
public sealed class AcmeAccountRepository(HiyDatabase db, SecretBox secrets, TimeProvider time)
{
    public static string KeyPurpose(string directoryUrl) => "acme-account:" + directoryUrl;

    public AcmeAccountRecord? Find(string directoryUrl) =>
        db.Read(c => c.Command("SELECT directory_url, email, account_url, key, created_at FROM acme_accounts WHERE directory_url = $d")
            .With("$d", directoryUrl).ReadOne(Map));

    /// <summary>The account key as PKCS#8 DER; a <see cref="SecretException"/> when it cannot be opened.</summary>
    public byte[] OpenKey(AcmeAccountRecord record) => secrets.Open(record.SealedKey, KeyPurpose(record.DirectoryUrl));

    public void Save(string directoryUrl, string? email, string accountUrl, ReadOnlySpan<byte> pkcs8Key)
    {
        var sealedKey = secrets.Seal(pkcs8Key, KeyPurpose(directoryUrl));
        db.Write((c, tx) => c.Command("""
            INSERT INTO acme_accounts(directory_url, email, account_url, key, created_at) VALUES ($d, $e, $u, $k, $now)
            ON CONFLICT(directory_url) DO UPDATE SET email = excluded.email, account_url = excluded.account_url, key = excluded.key
            """, tx).With("$d", directoryUrl).With("$e", email).With("$u", accountUrl).With("$k", sealedKey)
            .With("$now", Clock.Format(time.GetUtcNow())).ExecuteNonQuery());
    }

    private static AcmeAccountRecord Map(SqliteDataReader r) =>
        new(r.GetString(0), r.StringOrNull(1), r.StringOrNull(2), (byte[])r.GetValue(3), Clock.Parse(r.GetString(4)));
}
