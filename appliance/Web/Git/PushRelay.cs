using System.Text;
using Hiy.Core;

namespace Hiy.Web.Git;

/// <summary>
/// Carries one push between the repository's <c>post-receive</c> hook and hiy, through two FIFOs in a
/// private directory named by <c>HIY_PUSH_DIR</c> (the hook inherits it from <c>git http-backend</c>):
/// the hook opens <c>log</c>, writes its stdin (the ref updates) and an <c>end</c> line into <c>refs</c>,
/// then copies <c>log</c> to its stdout, which receive-pack relays to the pushing client as <c>remote:</c> lines
/// while the push is still open. hiy holds both FIFOs open read-write, so neither side's open ever
/// blocks, and closing its <c>log</c> handle is the hook's end of file. Plain <c>sh</c> and <c>cat</c>:
/// no curl, no open port, no token.
/// </summary>
internal sealed class PushRelay : IDisposable
{
    public const string EnvName = "HIY_PUSH_DIR";
    public const string EndLine = "end";

    private readonly FileStream _refs;
    private readonly FileStream _log;
    private readonly Lock _logLock = new();
    private bool _logClosed;
    private Task<List<RefUpdate>>? _reader;

    private PushRelay(string directory, FileStream refs, FileStream log)
    {
        Directory = directory;
        _refs = refs;
        _log = log;
    }

    public string Directory { get; }

    /// <summary>The hook, written into every repository hiy creates.</summary>
    public const string HookScript = """
        #!/bin/sh
        # Written by hiy (Hiy.Web.Git.PushRelay): hands the ref updates to hiy and prints the build log,
        # which git shows to the pusher as "remote:" lines.
        [ -n "${HIY_PUSH_DIR:-}" ] && [ -p "$HIY_PUSH_DIR/refs" ] || exit 0
        # Open the log before announcing the refs: hiy may finish and close its end right after reading them,
        # and a FIFO nobody holds open loses what was written to it.
        exec 3< "$HIY_PUSH_DIR/log"
        { cat; echo end; } > "$HIY_PUSH_DIR/refs"
        exec cat <&3

        """;

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

    /// <summary>Starts reading the hook's ref updates (on a thread of its own: FIFO reads block).</summary>
    public Task<List<RefUpdate>> ReadRefsAsync() => _reader ??= Task.Factory.StartNew(() =>
    {
        var updates = new List<RefUpdate>();
        using var reader = new StreamReader(_refs, Encoding.UTF8, false, 4096, leaveOpen: true);
        while (reader.ReadLine() is { } line && line != EndLine)
        {
            if (RefUpdate.Parse(line) is { } u)
                updates.Add(u);
        }
        return updates;
    }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Writes one line for the pusher (git prefixes it with "remote: ").</summary>
    public void WriteLine(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line.Replace('\n', ' ') + "\n");
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
