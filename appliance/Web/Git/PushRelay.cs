using System.Text;
using Hiy.Core;

namespace Hiy.Web.Git;

/// <summary>
/// Carries one push between the repository's <c>pre-receive</c> hook and hiy, through two FIFOs in a
/// private directory named by <c>HIY_PUSH_DIR</c> (the hook inherits it from <c>git http-backend</c>):
/// the hook opens <c>log</c>, writes its quarantine directory, its stdin (the ref updates) and an <c>end</c>
/// line into <c>refs</c> (<see cref="PushAnnouncement"/>), then copies <c>log</c> to its stdout, which
/// receive-pack relays to the pushing client as <c>remote:</c> lines while the push is still open, until
/// hiy's verdict line (<see cref="StatusLine"/>): it exits with that, and git updates the refs only on 0
/// (githooks(5) "pre-receive"). An end of <c>log</c> without a verdict (hiy stopped or died) is a refusal.
/// hiy holds both FIFOs open read-write, so neither side's open ever blocks, and closing its <c>log</c>
/// handle is the hook's end of file. Plain <c>sh</c>: no curl, no open port, no token.
/// </summary>
internal sealed class PushRelay : IDisposable
{
    public const string EnvName = "HIY_PUSH_DIR";
    public const string EndLine = "end";

    /// <summary>
    /// Starts the verdict line. A control character no log line carries (<see cref="LogLine"/> strips it),
    /// so a build that prints "status 0" cannot speak for hiy.
    /// </summary>
    public const char VerdictMark = '\u0001';

    public const string HookName = "pre-receive";

    /// <summary>The hook older hiy versions wrote; removed when a repository is migrated.</summary>
    public const string OldHookName = "post-receive";

    private readonly FileStream _refs;
    private readonly FileStream _log;
    private readonly Lock _logLock = new();
    private bool _logClosed;
    private Task<PushAnnouncement>? _reader;

    private PushRelay(string directory, FileStream refs, FileStream log)
    {
        Directory = directory;
        _refs = refs;
        _log = log;
    }

    public string Directory { get; }

    /// <summary>The hook, written into every repository hiy serves.</summary>
    public const string HookScript = """
        #!/bin/sh
        # Written by hiy (Hiy.Web.Git.PushRelay): runs the deploy before git updates the refs. It hands the
        # quarantine and the ref updates to hiy, prints the build log (git shows it to the pusher as "remote:"
        # lines) and exits with hiy's verdict, so a failed deploy leaves the refs where they were.
        [ -n "${HIY_PUSH_DIR:-}" ] && [ -p "$HIY_PUSH_DIR/refs" ] || exit 0
        # Open the log before announcing the refs: hiy may finish and close its end right after reading them,
        # and a FIFO nobody holds open loses what was written to it.
        exec 3< "$HIY_PUSH_DIR/log"
        { echo "quarantine ${GIT_QUARANTINE_PATH:-}"; cat; echo end; } > "$HIY_PUSH_DIR/refs"
        mark=$(printf '\001')
        status=
        while IFS= read -r line <&3 || [ -n "$line" ]; do
            case $line in
                "${mark}status "*) status=${line#"${mark}status "}; break ;;
                *) printf '%s\n' "$line" ;;
            esac
        done
        [ "$status" = 0 ] && exit 0
        [ -n "$status" ] || echo " !     hiy stopped before the deploy ended: nothing was deployed, the push is refused; push again"
        exit 1

        """;

    /// <summary>The hook's last line from hiy: exit 0 (git updates the refs) or 1 (git refuses them).</summary>
    public static string StatusLine(bool accept) => $"{VerdictMark}status {(accept ? 0 : 1)}";

    /// <summary>One log line as the hook may read it: a single line, without the verdict mark.</summary>
    public static string LogLine(string line) =>
        line.Replace('\n', ' ').Replace('\r', ' ').Replace(VerdictMark.ToString(), "", StringComparison.Ordinal);

    public static async Task<PushRelay> CreateAsync(string root, ProcessRunner runner, CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(root);
        var dir = Path.Combine(root, Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var refs = Path.Combine(dir, "refs");
        var log = Path.Combine(dir, "log");
        var made = await runner.RunAsync("mkfifo", ["-m", "600", "--", refs, log], timeout: TimeSpan.FromSeconds(30), cancellationToken: ct);
        if (!made.Succeeded)
            throw new IOException($"mkfifo in {dir}: {made.StdErr.Trim()}");
        // Read-write opens of a FIFO do not wait for the other end (Linux fifo(7)).
        return new PushRelay(dir, Open(refs, FileAccess.ReadWrite), Open(log, FileAccess.ReadWrite));
    }

    /// <summary>Starts reading the hook's announcement (on a thread of its own: FIFO reads block).</summary>
    public Task<PushAnnouncement> ReadAnnouncementAsync() => _reader ??= Task.Factory.StartNew(() =>
    {
        using var reader = new StreamReader(_refs, Encoding.UTF8, false, 4096, leaveOpen: true);
        return PushAnnouncement.Parse(Lines(reader));
    }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static IEnumerable<string> Lines(StreamReader reader)
    {
        while (reader.ReadLine() is { } line)
            yield return line;
    }

    /// <summary>Writes one line for the pusher (git prefixes it with "remote: ").</summary>
    public void WriteLine(string line) => Write(LogLine(line));

    /// <summary>The verdict: the hook exits with it, and git updates the refs only when it accepts.</summary>
    public void WriteStatus(bool accept) => Write(StatusLine(accept));

    private void Write(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        _log.Write(bytes);
        _log.Flush();
    }

    /// <summary>The backend has exited: if the hook never ran, end the ref reader with an empty list.</summary>
    public void BackendExited()
    {
        if (_reader is { IsCompleted: false })
        {
            // Our own read-write handle keeps a reader present, so this write-only open returns at once.
            using var w = Open(Path.Combine(Directory, "refs"), FileAccess.Write);
            w.Write("\nend\n"u8);
        }
    }

    /// <summary>Closing the log handle is the hook's end of file.</summary>
    public void CloseLog()
    {
        lock (_logLock)
        {
            _logClosed = true;
            _log.Dispose();
        }
    }

    /// <summary>
    /// When the hook is gone (the pusher hung up) nobody reads the log, and a write into a full FIFO
    /// would block for ever: read and discard it until the relay closes it. Opening for reading does
    /// not wait while our own read-write handle is open, hence the check under the lock.
    /// </summary>
    public Task DrainLogAsync()
    {
        FileStream drain;
        lock (_logLock)
        {
            if (_logClosed)
                return Task.CompletedTask;
            drain = Open(Path.Combine(Directory, "log"), FileAccess.Read);
        }
        return Task.Factory.StartNew(() =>
        {
            using (drain)
            {
                var buffer = new byte[16 * 1024];
                while (drain.Read(buffer) > 0) { }
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public void Dispose()
    {
        _log.Dispose();
        _refs.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }

    private static FileStream Open(string path, FileAccess access) =>
        new(path, FileMode.Open, access, FileShare.ReadWrite, bufferSize: 0);
}
