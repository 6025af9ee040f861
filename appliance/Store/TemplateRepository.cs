using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Hiy.Store;

/// <summary>What deleting a template came to: only one without live deployments goes (Hoster's rule).</summary>
public enum TemplateDeleteResult { Deleted, NotFound, InUse }

/// <summary>Templates (API.md "Templates and stacks"); the rules on them live in <c>Stacks/StackService</c>.</summary>
public sealed class TemplateRepository(HiyDatabase db, TimeProvider time)
{
    private const string Columns = "id, name, slug, version, creator_id, description, compose_spec, config_files, price_monthly, published, created_at, updated_at";

    public IReadOnlyList<TemplateRecord> List() =>
        db.Read(c => c.Command($"SELECT {Columns} FROM templates ORDER BY created_at, id").ReadAll(Map));

    public TemplateRecord? Find(string id) =>
        db.Read(c => c.Command($"SELECT {Columns} FROM templates WHERE id = $id").With("$id", id).ReadOne(Map));

    /// <summary>Stores a new template with its times set now; false when another has the slug.</summary>
    public TemplateRecord? Insert(TemplateRecord t)
    {
        var now = time.GetUtcNow();
        var row = t with { CreatedAt = now, UpdatedAt = now };
        return db.Write((c, tx) =>
        {
            try
            {
                Bind(c.Command($"INSERT INTO templates({Columns}) VALUES ($id, $n, $s, $v, $c, $d, $cs, $cf, $p, $pub, $ca, $ua)", tx), row).ExecuteNonQuery();
                return row;
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 19) // SQLITE_CONSTRAINT: the slug is taken
            {
                return null;
            }
        });
    }

    /// <summary>Writes every field of an unpublished template; null when it was published meanwhile (or its new slug is taken).</summary>
    public TemplateRecord? UpdateDraft(TemplateRecord t)
    {
        var row = t with { UpdatedAt = time.GetUtcNow() };
        return db.Write((c, tx) =>
        {
            try
            {
                return Bind(c.Command("""
                    UPDATE templates SET name = $n, slug = $s, version = $v, creator_id = $c, description = $d, compose_spec = $cs,
                        config_files = $cf, price_monthly = $p, updated_at = $ua WHERE id = $id AND published = 0
                    """, tx), row).ExecuteNonQuery() == 1 ? row : null;
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 19)
            {
                return null;
            }
        });
    }

    public bool Publish(string id) => db.Write((c, tx) =>
        c.Command("UPDATE templates SET published = 1, updated_at = $t WHERE id = $id", tx)
            .With("$id", id).With("$t", Clock.Format(time.GetUtcNow())).ExecuteNonQuery() == 1);

    /// <summary>Deletes the template and its deleted deployments' rows, in the same transaction that checks none is live.</summary>
    public TemplateDeleteResult Delete(string id) => db.Write((c, tx) =>
    {
        if (c.Command("SELECT COUNT(*) FROM templates WHERE id = $id", tx).With("$id", id).ExecuteScalar() is 0L)
            return TemplateDeleteResult.NotFound;
        if (c.Command("SELECT COUNT(*) FROM deployments WHERE template_id = $id AND status <> 'deleted'", tx).With("$id", id).ExecuteScalar() is not 0L)
            return TemplateDeleteResult.InUse;
        c.Command("DELETE FROM templates WHERE id = $id", tx).With("$id", id).ExecuteNonQuery();
        return TemplateDeleteResult.Deleted;
    });

    private static SqliteCommand Bind(SqliteCommand cmd, TemplateRecord t) => cmd
        .With("$id", t.Id).With("$n", t.Name).With("$s", t.Slug).With("$v", t.Version).With("$c", t.CreatorId).With("$d", t.Description)
        .With("$cs", t.ComposeSpec).With("$cf", JsonSerializer.Serialize(t.ConfigFiles.ToArray(), StoreJsonContext.Default.TemplateConfigFileArray))
        .With("$p", t.PriceMonthly).With("$pub", t.Published ? 1 : 0).With("$ca", Clock.Format(t.CreatedAt)).With("$ua", Clock.Format(t.UpdatedAt));

    private static TemplateRecord Map(SqliteDataReader r) => new()
    {
        Id = r.GetString(0), Name = r.GetString(1), Slug = r.GetString(2), Version = r.GetString(3), CreatorId = r.GetString(4),
        Description = r.GetString(5), ComposeSpec = r.GetString(6),
        ConfigFiles = JsonSerializer.Deserialize(r.GetString(7), StoreJsonContext.Default.TemplateConfigFileArray) ?? [],
        PriceMonthly = r.GetInt64(8), Published = r.GetInt64(9) != 0, CreatedAt = Clock.Parse(r.GetString(10)), UpdatedAt = Clock.Parse(r.GetString(11)),
    };
}
