using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Hiy.Ops;

/// <summary>
/// One OpenSSH public key line (<c>type base64 [comment]</c>), checked the way sshd reads it: a known
/// type, valid base64, and a blob whose first field (RFC 4253 §6.6) names the same type. Anything else
/// would be written to root's authorized_keys and silently ignored, or worse, carry options.
/// </summary>
public sealed record SshPublicKey(string Type, string Blob, string? Comment)
{
    public static readonly IReadOnlySet<string> Types = new HashSet<string>(StringComparer.Ordinal)
    {
        "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
    };

    /// <summary>The fingerprint as <c>ssh-keygen -l</c> prints it: SHA256:&lt;unpadded base64&gt;.</summary>
    public string Fingerprint => "SHA256:" + Convert.ToBase64String(SHA256.HashData(Convert.FromBase64String(Blob))).TrimEnd('=');

    public string Line => Comment is null ? $"{Type} {Blob}" : $"{Type} {Blob} {Comment}";

    /// <summary>The key, or the reason the line is not one.</summary>
    public static (SshPublicKey? Key, string? Error) Parse(string line)
    {
        line = line.Trim();
        if (line.Length is 0 or > 16 * 1024 || line.Any(c => c is '\n' or '\r' or '\0'))
            return (null, "must be one non-empty line of at most 16 KB");
        var parts = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
            return (null, "expected '<type> <base64> [comment]' as in id_ed25519.pub");
        if (!Types.Contains(parts[0]))
            return (null, $"'{Truncate(parts[0])}' is not an SSH key type (options before the type are not accepted)");
        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(parts[1]);
        }
        catch (FormatException)
        {
            return (null, "the key data is not base64");
        }
        var typeLength = blob.Length < 4 ? uint.MaxValue : BinaryPrimitives.ReadUInt32BigEndian(blob);
        if (typeLength > blob.Length - 4 || Encoding.ASCII.GetString(blob, 4, (int)typeLength) != parts[0])
            return (null, $"the key data is not a {parts[0]} key");
        var comment = parts.Length == 3 ? parts[2].Trim() : null;
        return (new SshPublicKey(parts[0], parts[1], string.IsNullOrEmpty(comment) ? null : comment), null);
    }

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
