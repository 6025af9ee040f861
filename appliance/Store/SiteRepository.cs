namespace Hiy.Store;

public sealed record SiteVersionRecord(string Version, int FileCount, long SizeBytes, DateTimeOffset CreatedAt);

public sealed record SiteRecord(long Id, string Name, string? ActiveVersion, IReadOnlyList<SiteVersionRecord> Versions);

/// <summary>Static sites and their uploaded versions (API.md "Static sites").</summary>
public sealed class SiteRepository(HiyDatabase db, TimeProvider time)
{
    public IReadOnlyList<SiteRecord> List()
    {
        var sites = db.Read(c => c.Command("SELECT id, name, active_version FROM static_sites ORDER BY name")
            .ReadAll(r => (Id: r.GetInt64(0), Name: r.GetString(1), Active: r.StringOrNull(2))));
        var versions = db.Read(c => c.Command("SELECT site_id, version, file_count, size_bytes, created_at FROM site_versions ORDER BY created_at")
            .ReadAll(r => (Site: r.GetInt64(0), V: new SiteVersionRecord(r.GetString(1), r.GetInt32(2), r.GetInt64(3), Clock.Parse(r.GetString(4))))));
        return sites.Select(s => new SiteRecord(s.Id, s.Name, s.Active, versions.Where(v => v.Site == s.Id).Select(v => v.V).ToArray())).ToArray();
    }

    public SiteRecord? Find(string name) => List().FirstOrDefault(s => s.Name == name);

    /// <summary>Records a version (creating the site); false when that version already exists.</summary>
    public bool AddVersion(string site, string version, int files, long bytes)
    {
        var now = Clock.Format(time.GetUtcNow());
        return db.Write((c, tx) =>
        {
            c.Command("INSERT INTO static_sites(name, created_at) VALUES ($n, $t) ON CONFLICT(name) DO NOTHING", tx).With("$n", site).With("$t", now).ExecuteNonQuery();
            return c.Command("""
                INSERT INTO site_versions(site_id, version, file_count, size_bytes, created_at)
                SELECT id, $v, $f, $b, $t FROM static_sites WHERE name = $n
                ON CONFLICT(site_id, version) DO NOTHING
                """, tx).With("$n", site).With("$v", version).With("$f", files).With("$b", bytes).With("$t", now).ExecuteNonQuery() == 1;
        });
    }

    public void SetActive(string site, string version) =>
        db.Write((c, tx) => c.Command("UPDATE static_sites SET active_version = $v WHERE name = $n", tx).With("$n", site).With("$v", version).ExecuteNonQuery());

    /// <summary>
    /// The static half of a deploy swap: the version goes live and the app's current deploy moves to the one
    /// that published it, in one transaction, so a route rebuild never sees one without the other.
    /// </summary>
    public void ActivateForDeploy(string app, string version, long deployId)
    {
        var now = Clock.Format(time.GetUtcNow());
        db.Write((c, tx) =>
        {
            c.Command("UPDATE static_sites SET active_version = $v WHERE name = $n", tx).With("$n", app).With("$v", version).ExecuteNonQuery();
            return c.Command("""
                UPDATE apps SET current_deploy_id = $d, status = 'running', status_detail = NULL, updated_at = $now WHERE name = $n
                """, tx).With("$n", app).With("$d", deployId).With("$now", now).ExecuteNonQuery();
        });
    }

    public bool Delete(string site) =>
        db.Write((c, tx) => c.Command("DELETE FROM static_sites WHERE name = $n", tx).With("$n", site).ExecuteNonQuery() > 0);

    public bool DeleteVersion(string site, string version) =>
        db.Write((c, tx) => c.Command("DELETE FROM site_versions WHERE version = $v AND site_id = (SELECT id FROM static_sites WHERE name = $n)", tx)
            .With("$n", site).With("$v", version).ExecuteNonQuery() > 0);
}
