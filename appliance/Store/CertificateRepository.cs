using System.Text.Json;
using Hiy.Secrets;
using Microsoft.Data.Sqlite;

namespace Hiy.Store;

/// <summary>
/// The <c>certificates</c> table. Private keys are sealed with the master key (purpose
/// <c>certificate-key:&lt;primary name&gt;</c>) on the way in and opened only by <see cref="OpenKey"/>.
/// </summary>
public sealed class CertificateRepository(HiyDatabase db, SecretBox secrets, TimeProvider time)
{
    private const string Columns = """
        id, primary_name, names, cert_pem, key, not_before, not_after, status, last_error, next_attempt_at,
        consecutive_failures, last_failure_at, updated_at, kind
        """;

    /// <summary><c>kind</c> of the appliance's own <c>domain</c> + <c>*.domain</c> certificate (dns-01).</summary>
    public const string WildcardKind = "wildcard";

    /// <summary><c>kind</c> of a custom domain's certificate (http-01), dropped with its domain.</summary>
    public const string DomainKind = "domain";

    public static string KeyPurpose(string primaryName) => "certificate-key:" + primaryName;

    /// <summary>Every certificate, oldest issuance first (so a later one for the same name wins in the proxy).</summary>
    public IReadOnlyList<CertificateRecord> List() =>
        db.Read(c => c.Command($"SELECT {Columns} FROM certificates ORDER BY not_before IS NULL, not_before, id").ReadAll(Map));

    public CertificateRecord? Find(string primaryName) =>
        db.Read(c => c.Command($"SELECT {Columns} FROM certificates WHERE primary_name = $n").With("$n", primaryName).ReadOne(Map));

    /// <summary>The certificate's key as PKCS#8 PEM; a <see cref="SecretException"/> names the certificate when it cannot be opened.</summary>
    public string OpenKey(CertificateRecord record)
    {
        if (record.SealedKey is null)
            throw new StoreException($"certificate {record.PrimaryName}: no key stored");
        return secrets.OpenString(record.SealedKey, KeyPurpose(record.PrimaryName));
    }

    /// <summary>Marks an attempt as running: <c>renewing</c> when a certificate exists, else <c>pending</c>. Creates the row if needed.</summary>
    public void MarkAttempt(string primaryName, IReadOnlyList<string> names, string kind = WildcardKind) => db.Write((c, tx) =>
    {
        EnsureRow(c, tx, primaryName, names, kind);
        c.Command("""
            UPDATE certificates SET status = CASE WHEN cert_pem IS NULL THEN 'pending' ELSE 'renewing' END, updated_at = $now
            WHERE primary_name = $n
            """, tx).With("$n", primaryName).With("$now", Now()).ExecuteNonQuery();
    });

    /// <summary>Stores a fresh certificate: valid, failures cleared, next attempt at the renewal point.</summary>
    public void SaveIssued(string primaryName, IReadOnlyList<string> names, string chainPem, string keyPem,
        DateTimeOffset notBefore, DateTimeOffset notAfter, DateTimeOffset nextAttemptAt, string kind = WildcardKind) => db.Write((c, tx) =>
    {
        EnsureRow(c, tx, primaryName, names, kind);
        c.Command("""
            UPDATE certificates SET names = $names, cert_pem = $pem, key = $key, not_before = $nb, not_after = $na,
              status = 'valid', last_error = NULL, next_attempt_at = $next, consecutive_failures = 0, last_failure_at = NULL,
              updated_at = $now
            WHERE primary_name = $n
            """, tx).With("$n", primaryName).With("$names", JsonSerializer.Serialize(names.ToArray(), StoreJsonContext.Default.StringArray))
            .With("$pem", chainPem).With("$key", secrets.Seal(keyPem, KeyPurpose(primaryName)))
            .With("$nb", Clock.Format(notBefore)).With("$na", Clock.Format(notAfter)).With("$next", Clock.Format(nextAttemptAt))
            .With("$now", Now()).ExecuteNonQuery();
    });

    /// <summary>Records a failed attempt; the stored certificate (if any) stays untouched and keeps serving.</summary>
    public void RecordFailure(string primaryName, IReadOnlyList<string> names, string error, int consecutiveFailures,
        DateTimeOffset failedAt, DateTimeOffset nextAttemptAt, string kind = WildcardKind) => db.Write((c, tx) =>
    {
        EnsureRow(c, tx, primaryName, names, kind);
        c.Command("""
            UPDATE certificates SET status = 'failed', last_error = $err, consecutive_failures = $f, last_failure_at = $at,
              next_attempt_at = $next, updated_at = $now
            WHERE primary_name = $n
            """, tx).With("$n", primaryName).With("$err", error).With("$f", consecutiveFailures).With("$at", Clock.Format(failedAt))
            .With("$next", Clock.Format(nextAttemptAt)).With("$now", Now()).ExecuteNonQuery();
    });

    /// <summary>Removes a certificate row of <paramref name="kind"/> (a custom domain's, when its domain goes); false when there was none.</summary>
    public bool Delete(string primaryName, string kind) =>
        db.Write((c, tx) => c.Command("DELETE FROM certificates WHERE primary_name = $n AND kind = $k", tx)
            .With("$n", primaryName).With("$k", kind).ExecuteNonQuery() > 0);

    private void EnsureRow(SqliteConnection c, SqliteTransaction tx, string primaryName, IReadOnlyList<string> names, string kind) =>
        c.Command("""
            INSERT INTO certificates(primary_name, names, status, updated_at, kind) VALUES ($n, $names, 'pending', $now, $k)
            ON CONFLICT(primary_name) DO NOTHING
            """, tx).With("$n", primaryName).With("$k", kind).With("$names", JsonSerializer.Serialize(names.ToArray(), StoreJsonContext.Default.StringArray))
            .With("$now", Now()).ExecuteNonQuery();

    private string Now() => Clock.Format(time.GetUtcNow());

    private static CertificateRecord Map(SqliteDataReader r) => new()
    {
        Id = r.GetInt64(0),
        PrimaryName = r.GetString(1),
        Names = JsonSerializer.Deserialize(r.GetString(2), StoreJsonContext.Default.StringArray) ?? [],
        CertificatePem = r.StringOrNull(3),
        SealedKey = r.BytesOrNull(4),
        NotBefore = Clock.ParseOrNull(r.StringOrNull(5)),
        NotAfter = Clock.ParseOrNull(r.StringOrNull(6)),
        Status = r.GetString(7),
        LastError = r.StringOrNull(8),
        NextAttemptAt = Clock.ParseOrNull(r.StringOrNull(9)),
        ConsecutiveFailures = r.GetInt32(10),
        LastFailureAt = Clock.ParseOrNull(r.StringOrNull(11)),
        UpdatedAt = Clock.Parse(r.GetString(12)),
        Kind = r.GetString(13),
    };
}
