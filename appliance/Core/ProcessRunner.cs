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
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
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

        var started = Stopwatch.GetTimestamp();
        using var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ProcessRunException(fileName, $"cannot start: {e.Message}", e);
        }

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
