using System.Diagnostics;
using System.Text;

namespace Hiy.Core;

/// <summary>What a finished process left behind.</summary>
public sealed record ProcessResult(int ExitCode, string StdOut, string StdErr, TimeSpan Duration)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>
/// The one way hiy starts a process: arguments go through <see cref="ProcessStartInfo.ArgumentList"/>,
/// never a shell string, so no app name, branch or URL is ever interpreted by a shell.
/// </summary>
public sealed class ProcessRunner
{
    /// <summary>Output kept per stream; the rest still reaches <c>onLine</c>.</summary>
    public const int MaxCapturedChars = 1 << 20;

    public async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        Action<string>? onLine = null,
        Stream? stdin = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        using var process = Start(StartInfo(fileName, arguments, workingDirectory, environment, stdin is not null));

        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } t)
            timeoutCts.CancelAfter(t);

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var outTask = Pump(process.StandardOutput, stdout, onLine);
        var errTask = Pump(process.StandardError, stderr, onLine);
        var inTask = stdin is null ? Task.CompletedTask : FeedAsync(process, stdin, timeoutCts.Token);

        try
        {
            await process.WaitForExitAsync(timeoutCts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            if (!cancellationToken.IsCancellationRequested)
                throw new ProcessRunException(fileName, $"timed out after {timeout}");
            throw;
        }
        await Task.WhenAll(outTask, errTask).ConfigureAwait(false);
        try { await inTask.ConfigureAwait(false); } catch (IOException) { /* the child closed stdin early */ }

        return new ProcessResult(process.ExitCode, stdout.ToString(), stderr.ToString(),
            Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// Starts a process whose stdin, stdout and stderr the caller streams itself, for binary protocols
    /// (git's CGI) that the line-based <see cref="RunAsync"/> cannot carry. A null value in
    /// <paramref name="environment"/> removes that variable.
    /// </summary>
    public static Process StartStreaming(string fileName, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null) =>
        Start(StartInfo(fileName, arguments, workingDirectory, environment, redirectStdin: true));

    /// <summary>
    /// <see cref="StartStreaming"/> through <c>setsid</c> (util-linux): the child leads a new session and
    /// process group whose id is its pid, so <see cref="ProcessGroup.Kill"/> ends it and everything it
    /// started. hiy's children are never group leaders, so setsid(2) succeeds in place and execs without a
    /// fork: the returned process is the program itself, not a wrapper.
    /// </summary>
    public static Process StartStreamingInOwnGroup(string fileName, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null) =>
        Start(StartInfo("setsid", [fileName, .. arguments], workingDirectory, environment, redirectStdin: true));

    private static ProcessStartInfo StartInfo(string fileName, IEnumerable<string> arguments, string? workingDirectory,
        IReadOnlyDictionary<string, string?>? environment, bool redirectStdin)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var a in arguments)
            psi.ArgumentList.Add(a);
        if (environment is not null)
        {
            foreach (var (k, v) in environment)
            {
                if (v is null) psi.Environment.Remove(k);
                else psi.Environment[k] = v;
            }
        }
        return psi;
    }

    private static Process Start(ProcessStartInfo psi)
    {
        var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
            return process;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new ProcessRunException(psi.FileName, $"cannot start: {e.Message}", e);
        }
    }

    private static async Task FeedAsync(Process process, Stream stdin, CancellationToken ct)
    {
        await using var target = process.StandardInput.BaseStream;
        await stdin.CopyToAsync(target, ct).ConfigureAwait(false);
    }

    private static async Task Pump(StreamReader reader, StringBuilder sink, Action<string>? onLine)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (sink.Length < MaxCapturedChars)
                sink.Append(line).Append('\n');
            onLine?.Invoke(line);
        }
    }
}

/// <summary>A process could not be started or ran past its time.</summary>
public sealed class ProcessRunException(string fileName, string message, Exception? inner = null)
    : Exception($"{fileName}: {message}", inner);
