using System.Text.Json;

namespace Hiy.Ops;

/// <summary>
/// hiy's side of the SSH-free operations. hiy is sandboxed (no sudo, no polkit, read-only /usr), so it
/// asks: it drops an empty file named after the request into the request directory (<c>ops_dir</c>,
/// <c>/run/hiy/ops</c> on the image), where <c>hiy-ops.path</c> starts the root-side script
/// <c>/usr/lib/hiy/hiy-ops</c>. That script reports into <see cref="StatusDir"/>, read back here.
/// Off the image there is no request directory and every operation answers "unavailable".
/// </summary>
public sealed class OperationsChannel(string requestDir, string stateDir, TimeProvider time, ILogger<OperationsChannel> log)
{
    /// <summary>Every request the root side understands (hiy-ops' case statement).</summary>
    public static readonly IReadOnlyList<string> Requests = ["reboot", "poweroff", "os-update", "os-update-check", "ssh-on", "ssh-off", "self-update"];

    /// <summary>A pending request older than this is taken as lost (hiy-ops was not running) and may be repeated.</summary>
    public static readonly TimeSpan Stale = TimeSpan.FromMinutes(35);

    public string RequestDir { get; } = requestDir;
    public string StateDir { get; } = stateDir;
    public string StatusDir => Path.Combine(StateDir, "status");

    public bool Available => Directory.Exists(RequestDir);

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Hands <paramref name="request"/> to the root side; the status reads <c>requested</c> until it answers.</summary>
    public OperationStatus Submit(string request)
    {
        EnsureCanSubmit(request);
        var status = new OperationStatus(request, "requested", "waiting for hiy-ops", Now);
        WriteStatus(status);
        // The request file is empty: its name is the whole request, so nothing in it can be misread as root.
        using (File.Create(Path.Combine(RequestDir, request))) { }
        OpsLog.Submitted(log, request);
        return status;
    }

    /// <summary>Throws <see cref="OpsException"/> when the root side is absent or the same request is still pending.</summary>
    public void EnsureCanSubmit(string request)
    {
        if (!Requests.Contains(request))
            throw new ArgumentException($"unknown operation '{request}'", nameof(request));
        if (!Available)
            throw new OpsException($"operations need the hiy image's hiy-ops service, and its request directory {RequestDir} does not exist");
        if (Status(request) is { IsPending: true } pending && Now - pending.At < Stale)
            throw new OpsException($"'{request}' is already {pending.State} (since {pending.At:u})");
    }

    public OperationStatus? Status(string request)
    {
        var file = Path.Combine(StatusDir, request + ".json");
        if (!Requests.Contains(request) || !File.Exists(file))
            return null;
        return Parse(request, File.ReadAllText(file));
    }

    public IReadOnlyList<OperationStatus> All() =>
        Requests.Select(Status).OfType<OperationStatus>().OrderByDescending(s => s.At).ToArray();

    /// <summary>A status file's line; a file hiy-ops left unreadable is reported, not thrown.</summary>
    public static OperationStatus Parse(string request, string json)
    {
        try
        {
            if (JsonSerializer.Deserialize(json, OpsJsonContext.Default.OperationStatus) is { State.Length: > 0 } s)
                return s with { Request = request };
        }
        catch (JsonException)
        {
        }
        return new OperationStatus(request, "unknown", "the status file is not readable JSON", null);
    }

    private void WriteStatus(OperationStatus status)
    {
        Directory.CreateDirectory(StatusDir);
        var file = Path.Combine(StatusDir, status.Request + ".json");
        File.WriteAllText(file + ".tmp", JsonSerializer.Serialize(status, OpsJsonContext.Default.OperationStatus) + "\n");
        File.Move(file + ".tmp", file, overwrite: true);
    }
}
