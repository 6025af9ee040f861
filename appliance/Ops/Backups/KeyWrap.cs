using System.Security.Cryptography;
using System.Text;

namespace Hiy.Ops.Backups;

/// <summary>
/// The master key in a backup, wrapped with a passphrase: PBKDF2-SHA256 (OWASP 2023's 600 000 iterations) derives an
/// AES-256-GCM key; the file is <c>"hiykw1" | salt(16) | nonce(12) | tag(16) | ciphertext(32)</c>.
/// </summary>
public static class KeyWrap
{
    public const int Iterations = 600_000;
    private static readonly byte[] Magic = "hiykw1"u8.ToArray();
    private const int SaltSize = 16, NonceSize = 12, TagSize = 16;

    public static byte[] Wrap(byte[] key, string passphrase)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var kek = Derive(passphrase, salt);
        var ct = new byte[key.Length];
        var tag = new byte[TagSize];
        using (var gcm = new AesGcm(kek, TagSize))
            gcm.Encrypt(nonce, key, ct, tag, Magic);
        return [.. Magic, .. salt, .. nonce, .. tag, .. ct];
    }

    /// <summary>The key, or null when the passphrase is wrong or the file is not a wrapped key.</summary>
    public static byte[]? Unwrap(byte[] wrapped, string passphrase)
    {
        var head = Magic.Length + SaltSize + NonceSize + TagSize;
        if (wrapped.Length <= head || !wrapped.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            return null;
        var salt = wrapped.AsSpan(Magic.Length, SaltSize).ToArray();
        var kek = Derive(passphrase, salt);
        var key = new byte[wrapped.Length - head];
        try
        {
            using var gcm = new AesGcm(kek, TagSize);
            gcm.Decrypt(wrapped.AsSpan(Magic.Length + SaltSize, NonceSize), wrapped.AsSpan(head),
                wrapped.AsSpan(Magic.Length + SaltSize + NonceSize, TagSize), key, Magic);
            return key;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    private static byte[] Derive(string passphrase, byte[] salt) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(passphrase), salt, Iterations, HashAlgorithmName.SHA256, 32);
}
