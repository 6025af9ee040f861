using System.Security.Cryptography;
using Hiy.Core;
using Hiy.Secrets;
using Hiy.Store;

namespace Hiy.Ops;

/// <summary>How many sealed values a rotation re-sealed, per table.</summary>
public sealed record RotationResult(IReadOnlyDictionary<string, int> Resealed, DateTimeOffset At);

/// <summary>
/// Replaces the master key. The order keeps a crash at any point readable:
/// (1) the new key goes to <c>master.key.next</c>, flushed; (2) every sealed value is re-sealed under it in one SQLite
/// transaction; (3) after the commit, <c>master.key.next</c> is renamed over <c>master.key</c>. A crash before (2)
/// commits leaves the old key and old blobs (the stray .next is dropped at start); a crash between (2) and (3) leaves
/// new blobs with the new key still in .next, which <see cref="FinishInterrupted"/> renames into place at start, after
/// proving it is the key that opens the database.
/// </summary>
public sealed class KeyRotation(HiyDatabase db, SecretBox secrets, HiyPaths paths, TimeProvider time, ILogger<KeyRotation> log)
{
    /// <summary>Held by a rotation and by a backup's snapshot, so a backup never pairs one key with the other's blobs.</summary>
    public SemaphoreSlim Exclusive { get; } = new(1, 1);

    public static string NextKeyPath(HiyPaths paths) => paths.MasterKey + ".next";

    public async Task<RotationResult> RotateAsync(CancellationToken ct)
    {
        await Exclusive.WaitAsync(ct);
        try
        {
            var next = RandomNumberGenerator.GetBytes(SecretBox.KeySize);
            var nextPath = NextKeyPath(paths);
            MasterKey.WriteDurably(nextPath, next, overwrite: true);
            var nextBox = new SecretBox(next);
            var rotated = false;
            Dictionary<string, int> counts;
            try
            {
                counts = db.Write((c, tx) =>
                {
                    var perTable = new Dictionary<string, int>(StringComparer.Ordinal);
                    foreach (var value in SealedValues.ReadAll(c, tx))
                    {
                        var plain = secrets.Open(value.Blob, value.Purpose);
                        SealedValues.Replace(c, tx, value, nextBox.Seal(plain, value.Purpose));
                        CryptographicOperations.ZeroMemory(plain);
                        perTable[value.Table] = perTable.GetValueOrDefault(value.Table) + 1;
                    }
                    // Still under the write lock: no other writer seals with the old key after this commit.
                    secrets.Rotate(next);
                    rotated = true;
                    return perTable;
                });
            }
            catch
            {
                if (rotated)
                    secrets.RevertRotation();
                File.Delete(nextPath);
                throw;
            }
            File.Move(nextPath, paths.MasterKey, overwrite: true);
            secrets.ForgetPrevious();
            Backups.BackupsLog.KeyRotated(log, counts.Values.Sum());
            return new RotationResult(counts, time.GetUtcNow());
        }
        finally
        {
            Exclusive.Release();
        }
    }

    /// <summary>
    /// At start, before the key is loaded: a <c>master.key.next</c> left by a rotation that crashed is renamed into place
    /// when it opens the database's sealed values (the transaction committed), else dropped (it did not).
    /// </summary>
    public static void FinishInterrupted(HiyPaths paths, HiyDatabase db)
    {
        var nextPath = NextKeyPath(paths);
        if (!File.Exists(nextPath))
            return;
        var next = File.ReadAllBytes(nextPath);
        if (next.Length == SecretBox.KeySize && db.Read(c => OpensAny(new SecretBox(next), c)) == true)
            File.Move(nextPath, paths.MasterKey, overwrite: true);
        else
            File.Delete(nextPath);
    }

    /// <summary>True when <paramref name="box"/> opens the first sealed value, false when it does not, null when there is none.</summary>
    public static bool? OpensAny(SecretBox box, Microsoft.Data.Sqlite.SqliteConnection c)
    {
        if (SealedValues.ReadAll(c).FirstOrDefault() is not { } first)
            return null;
        try
        {
            box.Open(first.Blob, first.Purpose);
            return true;
        }
        catch (SecretException)
        {
            return false;
        }
    }
}
