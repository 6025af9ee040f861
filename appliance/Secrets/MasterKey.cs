using System.Security.Cryptography;

namespace Hiy.Secrets;

/// <summary>
/// The master key file (32 random bytes, mode 0600) in the data directory. Created on first start;
/// losing it makes every stored secret unreadable, so backups include it separately.
/// </summary>
public static class MasterKey
{
    public static byte[] LoadOrCreate(string path)
    {
        try
        {
            if (File.Exists(path))
            {
                var key = File.ReadAllBytes(path);
                if (key.Length != SecretBox.KeySize)
                    throw new SecretException($"master key {path}: expected {SecretBox.KeySize} bytes, found {key.Length}; restore it from a backup");
                return key;
            }
            var fresh = RandomNumberGenerator.GetBytes(SecretBox.KeySize);
            WriteDurably(path, fresh, overwrite: false);
            return fresh;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SecretException($"master key {path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Writes a key file (mode 0600) next to <paramref name="path"/>, flushes it to disk and renames it into place, so a
    /// crash leaves the old file or the new one, never a short one.
    /// </summary>
    public static void WriteDurably(string path, byte[] key, bool overwrite)
    {
        var tmp = path + ".tmp";
        using (var fs = new FileStream(tmp, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        {
            fs.Write(key);
            fs.Flush(flushToDisk: true);
        }
        File.Move(tmp, path, overwrite);
    }
}
