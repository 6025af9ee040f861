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

    private readonly byte[] _key;

    public SecretBox(byte[] key)
    {
        if (key.Length != KeySize)
            throw new SecretException($"master key must be {KeySize} bytes, got {key.Length}");
        _key = key.ToArray();
    }

    public byte[] Seal(string plaintext, string purpose) => Seal(Encoding.UTF8.GetBytes(plaintext), purpose);

    public byte[] Seal(ReadOnlySpan<byte> plaintext, string purpose)
    {
        var blob = new byte[1 + NonceSize + TagSize + plaintext.Length];
        blob[0] = Version;
        var nonce = blob.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var gcm = new AesGcm(_key, TagSize);
        gcm.Encrypt(nonce, plaintext, blob.AsSpan(1 + NonceSize + TagSize), blob.AsSpan(1 + NonceSize, TagSize),
            Encoding.UTF8.GetBytes(purpose));
        return blob;
    }

    /// <summary>
    /// A 32-byte key for one purpose ("csrf"), derived from the master key with HKDF-SHA256 (RFC 5869), so
    /// keys that must survive a restart need no file of their own and never equal the sealing key.
    /// </summary>
    public byte[] DeriveKey(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, KeySize, info: Encoding.UTF8.GetBytes("hiy:" + purpose));

    public string OpenString(byte[] blob, string purpose) => Encoding.UTF8.GetString(Open(blob, purpose));

    public byte[] Open(byte[] blob, string purpose)
    {
        if (blob.Length < 1 + NonceSize + TagSize || blob[0] != Version)
            throw new SecretException($"secret '{purpose}': not a sealed value of a known version");
        var plaintext = new byte[blob.Length - 1 - NonceSize - TagSize];
        try
        {
            using var gcm = new AesGcm(_key, TagSize);
            gcm.Decrypt(blob.AsSpan(1, NonceSize), blob.AsSpan(1 + NonceSize + TagSize), blob.AsSpan(1 + NonceSize, TagSize),
                plaintext, Encoding.UTF8.GetBytes(purpose));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new SecretException($"secret '{purpose}': cannot be decrypted (tampered, or sealed with another master key)", e);
        }
        return plaintext;
    }
}
