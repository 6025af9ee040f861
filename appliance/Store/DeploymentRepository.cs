using System.Text.Json;
using Hiy.Secrets;
using Microsoft.Data.Sqlite;

namespace Hiy.Store;

/// <summary>
/// Deployments (API.md "Templates and stacks"). Variables are sealed (a template's inputs are often passwords). A status
/// change is a compare-and-set on the status it came from, so two requests cannot both start or delete one deployment.
/// </summary>
public sealed class DeploymentRepository(HiyDatabase db, SecretBox secrets, TimeProvider time)
{
    private const string Columns = "id, name, template_id, template_version, customer_id, status, variables, error_message, created_at, updated_at, started_at, stopped_at";

    /// <summary>Live (not deleted) deployments, optionally of one customer and/or one template, oldest first.</summary>
    public IReadOnlyList<DeploymentRecord> List(string? customerId = null, string? templateId = null, bool includeDeleted = false) =>
        db.Read(c => c.Command($"""
            SELECT {Columns} FROM deployments
            WHERE ($c IS NULL OR customer_id = $c) AND ($t IS NULL OR template_id = $t) AND ($all = 1 OR status <> 'deleted')
            ORDER BY created_at, id
            """).With("$c", customerId).With("$t", templateId).With("$all", includeDeleted ? 1 : 0).ReadAll(Map));

    public DeploymentRecord? Find(string id) =>
        db.Read(c => c.Command($"SELECT {Columns} FROM deployments WHERE id = $id").With("$id", id).ReadOne(Map));

    /// <summary>Stores a new deployment; null when a live one already has the name.</summary>
    public DeploymentRecord? Insert(DeploymentRecord d)
    {
        var now = time.GetUtcNow();
        var row = d with { CreatedAt = now, UpdatedAt = now };
        var vars = JsonSerializer.Serialize(new Dictionary<string, string>(row.Variables), StoreJsonContext.Default.DictionaryStringString);
        return db.Write((c, tx) =>
        {
            try
            {
                c.Command($"INSERT INTO deployments({Columns}) VALUES ($id, $n, $t, $tv, $c, $s, $v, NULL, $now, $now, NULL, NULL)", tx)
                    .With("$id", row.Id).With("$n", row.Name).With("$t", row.TemplateId).With("$tv", row.TemplateVersion).With("$c", row.CustomerId)
                    .With("$s", DeploymentRecord.StatusText(row.Status)).With("$v", secrets.Seal(vars, Purpose(row.Id))).With("$now", Clock.Format(now)).ExecuteNonQuery();
                return row;
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 19) // the live-name index
            {
                return null;
            }
        });
    }

    /// <summary>
    /// Moves <paramref name="id"/> from <paramref name="from"/> to <paramref name="to"/> if it is still in <paramref name="from"/>;
    /// false otherwise. Entering starting clears the error; running stamps started_at, stopped stamps stopped_at.
    /// </summary>
    public bool TryMove(string id, DeploymentStatus from, DeploymentStatus to, string? error = null)
    {
        var now = Clock.Format(time.GetUtcNow());
        return db.Write((c, tx) => c.Command("""
            UPDATE deployments SET status = $to, updated_at = $now,
                error_message = CASE WHEN $to = 'failed' THEN $e WHEN $to = 'starting' THEN NULL ELSE error_message END,
                started_at = CASE WHEN $to = 'running' THEN $now ELSE started_at END,
                stopped_at = CASE WHEN $to = 'stopped' THEN $now ELSE stopped_at END
            WHERE id = $id AND status = $from
            """, tx).With("$id", id).With("$from", DeploymentRecord.StatusText(from)).With("$to", DeploymentRecord.StatusText(to)).With("$e", error).With("$now", now).ExecuteNonQuery() == 1);
    }

    private DeploymentRecord Map(SqliteDataReader r)
    {
        var id = r.GetString(0);
        var vars = r.BytesOrNull(6) is { } blob
            ? JsonSerializer.Deserialize(secrets.OpenString(blob, Purpose(id)), StoreJsonContext.Default.DictionaryStringString)
            : null;
        return new DeploymentRecord
        {
            Id = id, Name = r.GetString(1), TemplateId = r.GetString(2), TemplateVersion = r.GetString(3), CustomerId = r.GetString(4),
            Status = DeploymentRecord.ParseStatus(r.GetString(5)), Variables = vars ?? new Dictionary<string, string>(),
            ErrorMessage = r.StringOrNull(7), CreatedAt = Clock.Parse(r.GetString(8)), UpdatedAt = Clock.Parse(r.GetString(9)),
            StartedAt = Clock.ParseOrNull(r.GetValue(10)), StoppedAt = Clock.ParseOrNull(r.GetValue(11)),
        };
    }

    private static string Purpose(string id) => $"deployment-variables:{id}";
}
