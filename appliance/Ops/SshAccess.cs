namespace Hiy.Ops;

/// <summary>SSH as the API shows it: on or off (the last finished ssh-on/ssh-off), and the keys hiy holds.</summary>
public sealed record SshState(bool Enabled, IReadOnlyList<SshPublicKey> Keys, OperationStatus? Last);

/// <summary>
/// The SSH toggle. Keys are validated one by one (every bad line reported), written to
/// <c>&lt;data_dir&gt;/ops/authorized_keys</c>, and hiy-ops installs them for root, starts sshd and opens
/// 22/tcp (rate-limited) with the sshd fail2ban jail; "off" undoes all three.
/// </summary>
public sealed class SshAccess(OperationsChannel ops)
{
    public const int MaxKeys = 32;

    public string KeysPath => Path.Combine(ops.StateDir, "authorized_keys");

    public SshState Read()
    {
        var keys = File.Exists(KeysPath)
            ? File.ReadAllLines(KeysPath).Select(l => SshPublicKey.Parse(l).Key).OfType<SshPublicKey>().ToArray()
            : [];
        var statuses = new[] { ops.Status("ssh-on"), ops.Status("ssh-off") }.OfType<OperationStatus>().ToArray();
        // on when the newest toggle that went through was "on" (a pending or failed one changes nothing yet)
        var lastDone = statuses.Where(s => s.State == "done").MaxBy(s => s.At);
        return new SshState(lastDone?.Request == "ssh-on", keys, statuses.MaxBy(s => s.At));
    }

    /// <summary>Validates <paramref name="keyLines"/>: the keys, or errors by field ("authorized_keys[2]").</summary>
    public static (IReadOnlyList<SshPublicKey> Keys, Dictionary<string, string> Errors) Validate(IReadOnlyList<string?> keyLines)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var keys = new List<SshPublicKey>();
        if (keyLines.Count > MaxKeys)
            errors["authorized_keys"] = $"at most {MaxKeys} keys";
        for (var i = 0; i < keyLines.Count && i < MaxKeys; i++)
        {
            // JSON allows [null]; the serializer hands it over as a null string (issue 13 item 4: it was a 500).
            if (keyLines[i] is not { } line)
            {
                errors[$"authorized_keys[{i}]"] = "must be a public key line, not null";
                continue;
            }
            var (key, error) = SshPublicKey.Parse(line);
            if (key is null)
                errors[$"authorized_keys[{i}]"] = error!;
            else
                keys.Add(key);
        }
        return (keys, errors);
    }

    /// <summary>Replaces the key file (0600, atomically) and asks hiy-ops to turn SSH on or off.</summary>
    public OperationStatus Apply(bool enabled, IReadOnlyList<SshPublicKey>? keys)
    {
        var request = enabled ? "ssh-on" : "ssh-off";
        ops.EnsureCanSubmit(request);
        if (keys is not null)
        {
            Directory.CreateDirectory(ops.StateDir);
            var tmp = KeysPath + ".tmp";
            File.WriteAllText(tmp, string.Concat(keys.Select(k => k.Line + "\n")));
            File.SetUnixFileMode(tmp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.Move(tmp, KeysPath, overwrite: true);
        }
        return ops.Submit(request);
    }
}
