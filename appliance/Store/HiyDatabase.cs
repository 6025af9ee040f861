using System.Reflection;
using Microsoft.Data.Sqlite;

namespace Hiy.Store;

/// <summary>
/// The SQLite file: WAL mode, synchronous=NORMAL, foreign keys, a busy timeout, forward-only embedded
/// migrations. Reads open pooled connections freely; every write goes through <see cref="Write{T}"/>,
/// one at a time, so writers never fight over the WAL lock.
/// </summary>
public sealed class HiyDatabase : IDisposable
{
    private const int BusyTimeoutMs = 5000;
    private readonly string _connectionString;
    private readonly Lock _writeLock = new();
    private SqliteConnection? _writer;

    static HiyDatabase() => SqliteNative.EnsureInitialized();

    private HiyDatabase(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = BusyTimeoutMs / 1000,
        }.ToString();
    }

    public string Path { get; }

    /// <summary>Opens (creating if needed) and migrates the database at <paramref name="path"/>.</summary>
    public static HiyDatabase Open(string path)
    {
        var db = new HiyDatabase(path);
        try
        {
            db._writer = db.OpenConnection();
            Exec(db._writer, "PRAGMA journal_mode=WAL;");
            var check = Scalar(db._writer, "PRAGMA quick_check;") as string;
            if (check != "ok")
                throw new StoreException($"database {path} failed its integrity check: {check}");
            Migrator.Apply(db._writer, Migrations());
            return db;
        }
        catch (SqliteException e)
        {
            db.Dispose();
            throw new StoreException($"database {path}: {Describe(e)}", e, diskFull: e.SqliteErrorCode == SqliteFull);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>A fresh pooled connection with the per-connection pragmas set.</summary>
    public SqliteConnection OpenConnection()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        Exec(c, $"PRAGMA busy_timeout={BusyTimeoutMs}; PRAGMA synchronous=NORMAL;");
        return c;
    }

    /// <summary>Runs a read on its own connection.</summary>
    public T Read<T>(Func<SqliteConnection, T> read)
    {
        using var c = OpenConnection();
        return Run(() => read(c));
    }

    /// <summary>The one writer path: serialised, in a transaction, committed when <paramref name="write"/> returns.</summary>
    public T Write<T>(Func<SqliteConnection, SqliteTransaction, T> write)
    {
        lock (_writeLock)
        {
            var c = _writer ?? throw new ObjectDisposedException(nameof(HiyDatabase));
            return Run(() =>
            {
                using var tx = c.BeginTransaction();
                var result = write(c, tx);
                tx.Commit();
                return result;
            });
        }
    }

    public void Write(Action<SqliteConnection, SqliteTransaction> write) =>
        Write((c, tx) => { write(c, tx); return 0; });

    /// <summary>True when a trivial query answers (for /ready).</summary>
    public bool Ping()
    {
        try
        {
            return Read(c => Scalar(c, "SELECT 1;") is long l && l == 1);
        }
        catch (StoreException)
        {
            return false;
        }
    }

    public static IReadOnlyList<Migration> Migrations()
    {
        var asm = typeof(HiyDatabase).Assembly;
        const string prefix = "Hiy.Store.Migrations.";
        var list = new List<Migration>();
        foreach (var name in asm.GetManifestResourceNames())
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal) || !name.EndsWith(".sql", StringComparison.Ordinal))
                continue;
            using var stream = asm.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            list.Add(Migration.FromResource(name[prefix.Length..], reader.ReadToEnd()));
        }
        list.Sort((a, b) => a.Version.CompareTo(b.Version));
        return list;
    }

    private T Run<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (SqliteException e)
        {
            throw new StoreException($"database {Path}: {Describe(e)}", e, diskFull: e.SqliteErrorCode == SqliteFull);
        }
    }

    internal static void Exec(SqliteConnection c, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    internal static object? Scalar(SqliteConnection c, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    /// <summary>SQLite's messages read "SQLite Error 26: 'file is not a database'."; keep the part a person needs.</summary>
    private const int SqliteFull = 13;

    private static string Describe(SqliteException e) => e.SqliteErrorCode switch
    {
        26 => "file is not a database (corrupted or not SQLite); restore a backup or move it aside",
        11 => "database disk image is malformed; restore a backup or move it aside",
        14 => "cannot open the database file (check data_dir exists and is writable)",
        8 => "database is read-only (check file permissions)",
        13 => "disk is full",
        _ => e.Message,
    };

    public void Dispose()
    {
        lock (_writeLock)
        {
            _writer?.Dispose();
            _writer = null;
        }
    }
}
