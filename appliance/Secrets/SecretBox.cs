using System.Security.Cryptography;
using System.Text;

namespace Hiy.Secrets;

/// <summary>
/// AES-256-GCM for every secret hiy keeps at rest (env values, tokens, account keys). A sealed blob is
/// <c>version(1) | nonce(12) | tag(16) | ciphertext</c>; the associated data names what the secret is
/// ("env:blog:DATABASE_URL"), so a blob copied into another row does not decrypt.
/// </summary>
public sealed class SecretBox
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    public const int KeySize = 32;

    // Swapped whole by a key rotation; a reader sees either the old pair or the new one, never half.
    private volatile KeyPair _keys;

    private sealed record KeyPair(byte[] Current, byte[]? Previous);

    public SecretBox(byte[] key)
    {
        CheckSize(key);
        _keys = new KeyPair(key.ToArray(), null);
    }

    private byte[] CurrentKey => _keys.Current;

    private static void CheckSize(byte[] key)
    {
        if (key.Length != KeySize)
            throw new SecretException($"master key must be {KeySize} bytes, got {key.Length}");
    }

    /// <summary>
    /// Key rotation's switch: seals from now on use <paramref name="next"/>; opens still fall back to the old key until
    /// <see cref="ForgetPrevious"/>, so a read racing the rotation's commit still succeeds.
    /// </summary>
    public void Rotate(byte[] next)
    {
        CheckSize(next);
        _keys = new KeyPair(next.ToArray(), _keys.Current);
    }

    /// <summary>Undoes <see cref="Rotate"/> when the re-sealing transaction did not commit.</summary>
    public void RevertRotation()
    {
        if (_keys.Previous is { } previous)
            _keys = new KeyPair(previous, null);
    }

    public void ForgetPrevious() => _keys = _keys with { Previous = null };

    public byte[] Seal(string plaintext, string purpose) => Seal(Encoding.UTF8.GetBytes(plaintext), purpose);

    public byte[] Seal(ReadOnlySpan<byte> plaintext, string purpose)
    {
        var blob = new byte[1 + NonceSize + TagSize + plaintext.Length];
        blob[0] = Version;
        var nonce = blob.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var gcm = new AesGcm(CurrentKey, TagSize);
        gcm.Encrypt(nonce, plaintext, blob.AsSpan(1 + NonceSize + TagSize), blob.AsSpan(1 + NonceSize, TagSize),
            Encoding.UTF8.GetBytes(purpose));
        return blob;
    }

    /// <summary>
    /// A 32-byte key for one purpose ("csrf"), derived from the master key with HKDF-SHA256 (RFC 5869), so
    /// keys that must survive a restart need no file of their own and never equal the sealing key.
    /// </summary>
    public byte[] DeriveKey(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, CurrentKey, KeySize, info: Encoding.UTF8.GetBytes("hiy:" + purpose));

    public string OpenString(byte[] blob, string purpose) => Encoding.UTF8.GetString(Open(blob, purpose));

    public byte[] Open(byte[] blob, string purpose)
    {
        if (blob.Length < 1 + NonceSize + TagSize || blob[0] != Version)
            throw new SecretException($"secret '{purpose}': not a sealed value of a known version");
        var keys = _keys;
        if (TryOpen(keys.Current, blob, purpose) is { } plaintext)
            return plaintext;
        if (keys.Previous is { } previous && TryOpen(previous, blob, purpose) is { } old)
            return old;
        throw new SecretException($"secret '{purpose}': cannot be decrypted (tampered, or sealed with another master key)");
    }

    private static byte[]? TryOpen(byte[] key, byte[] blob, string purpose)
    {
        var plaintext = new byte[blob.Length - 1 - NonceSize - TagSize];
        try
        {
            using var gcm = new AesGcm(key, TagSize);
            gcm.Decrypt(blob.AsSpan(1, NonceSize), blob.AsSpan(1 + NonceSize + TagSize), blob.AsSpan(1 + NonceSize, TagSize),
                plaintext, Encoding.UTF8.GetBytes(purpose));
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }
}
