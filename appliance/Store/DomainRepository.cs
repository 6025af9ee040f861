using Microsoft.Data.Sqlite;

namespace Hiy.Store;

/// <summary>
/// The <c>domains</c> table: custom host names, each owned by exactly one app (the column is UNIQUE, and
/// <see cref="Add"/> checks the owner in the same write transaction, so two racing adds cannot both win).
/// Rows go with their app (<c>ON DELETE CASCADE</c>).
/// </summary>
public sealed class DomainRepository(HiyDatabase db, TimeProvider time)
{
    private const string Select = "SELECT d.domain, a.name, d.created_at FROM domains d JOIN apps a ON a.id = d.app_id";

    /// <summary>Every custom domain, by app then name.</summary>
    public IReadOnlyList<DomainRecord> List() =>
        db.Read(c => c.Command($"{Select} ORDER BY a.name, d.domain").ReadAll(Map));

    public IReadOnlyList<DomainRecord> ListFor(string app) =>
        db.Read(c => c.Command($"{Select} WHERE a.name = $a ORDER BY d.domain").With("$a", app).ReadAll(Map));

    public DomainRecord? Find(string domain) =>
        db.Read(c => c.Command($"{Select} WHERE d.domain = $d").With("$d", domain).ReadOne(Map));

    /// <summary>Gives <paramref name="domain"/> (already through <c>DomainName.CheckCustom</c>) to <paramref name="app"/>.</summary>
    public DomainAddResult Add(string app, string domain) => db.Write((c, tx) =>
    {
        if (c.Command("SELECT id FROM apps WHERE name = $a", tx).With("$a", app).ExecuteScalar() is not long appId)
            return new DomainAddResult(DomainAddOutcome.NoSuchApp);
        var existing = c.Command($"{Select} WHERE d.domain = $d", tx).With("$d", domain).ReadOne(Map);
        if (existing is not null)
            return existing.App == app
                ? new DomainAddResult(DomainAddOutcome.AlreadyThisApps, existing, app)
                : new DomainAddResult(DomainAddOutcome.TakenByOtherApp, existing, existing.App);
        c.Command("INSERT INTO domains(app_id, domain, created_at) VALUES ($id, $d, $now)", tx)
            .With("$id", appId).With("$d", domain).With("$now", Clock.Format(time.GetUtcNow())).ExecuteNonQuery();
        return new DomainAddResult(DomainAddOutcome.Added, c.Command($"{Select} WHERE d.domain = $d", tx).With("$d", domain).ReadOne(Map));
    });

    /// <summary>Removes the domain from <paramref name="app"/>; false when the app does not have it.</summary>
    public bool Delete(string app, string domain) => db.Write((c, tx) =>
        c.Command("DELETE FROM domains WHERE domain = $d AND app_id = (SELECT id FROM apps WHERE name = $a)", tx)
            .With("$d", domain).With("$a", app).ExecuteNonQuery() > 0);

    /// <summary>Removes every domain of <paramref name="app"/> and returns them (deleting the app cascades too; this says which).</summary>
    public IReadOnlyList<string> DeleteAllFor(string app) => db.Write((c, tx) =>
    {
        var names = c.Command($"{Select} WHERE a.name = $a ORDER BY d.domain", tx).With("$a", app).ReadAll(Map).Select(d => d.Domain).ToArray();
        c.Command("DELETE FROM domains WHERE app_id = (SELECT id FROM apps WHERE name = $a)", tx).With("$a", app).ExecuteNonQuery();
        return (IReadOnlyList<string>)names;
    });

    private static DomainRecord Map(SqliteDataReader r) => new(r.GetString(0), r.GetString(1), Clock.Parse(r.GetString(2)));
}
