using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Hiy.Core;

/// <summary>
/// sd_notify(3) without libsystemd: READY=1 once hiy serves, WATCHDOG=1 at half the unit's
/// WatchdogSec, STOPPING=1 on shutdown. Does nothing when not started by systemd (no NOTIFY_SOCKET).
/// </summary>
public sealed class SystemdNotifier : IDisposable
{
    private readonly string? _socketPath;
    private readonly TimeSpan? _watchdogInterval;
    private Timer? _watchdog;

    public SystemdNotifier(Func<string, string?> env)
    {
        _socketPath = env("NOTIFY_SOCKET") is { Length: > 0 } s ? s : null;
        _watchdogInterval = WatchdogInterval(env("WATCHDOG_USEC"), env("WATCHDOG_PID"), Environment.ProcessId);
    }

    public bool Enabled => _socketPath is not null;

    /// <summary>Half the watchdog period, as sd_watchdog_enabled(3) advises; null when no watchdog is set for this process.</summary>
    public static TimeSpan? WatchdogInterval(string? usec, string? pid, int ownPid)
    {
        if (!long.TryParse(usec, NumberStyles.None, CultureInfo.InvariantCulture, out var micros) || micros <= 0)
            return null;
        if (pid is { Length: > 0 } && (!int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p != ownPid))
            return null;
        return TimeSpan.FromMicroseconds(micros / 2.0);
    }

    public void Ready(string status)
    {
        Send($"READY=1\nSTATUS={status}\nMAINPID={Environment.ProcessId}");
        if (_watchdogInterval is { } every)
            _watchdog = new Timer(_ => Send("WATCHDOG=1"), null, TimeSpan.Zero, every);
    }

    public void Stopping()
    {
        _watchdog?.Dispose();
        Send("STOPPING=1");
    }

    private void Send(string message)
    {
        if (_socketPath is null)
            return;
        // A leading '@' names an abstract socket, spelled with a NUL byte on the wire.
        var path = _socketPath[0] == '@' ? "\0" + _socketPath[1..] : _socketPath;
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(path));
            socket.Send(Encoding.UTF8.GetBytes(message));
        }
        catch (SocketException)
        {
            // systemd went away or the socket is wrong: nothing a notification could fix.
        }
    }

    public void Dispose() => _watchdog?.Dispose();
}
