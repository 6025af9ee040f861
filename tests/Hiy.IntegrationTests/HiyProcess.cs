using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Hiy.Tests;

/// <summary>
/// Runs the real `hiy` executable as a child process: the native AOT binary named by HIY_BINARY
/// (scripts/test.sh publishes it), else the managed build beside these tests through `dotnet`.
/// With HIY_REQUIRE_NATIVE=1 a missing native binary is a failure, not a fallback.
/// </summary>
public sealed class HiyProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private HiyProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_stdout) _stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;
    public string StdOut { get { lock (_stdout) return _stdout.ToString(); } }
    public string StdErr { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>True when the native binary is what runs.</summary>
    public static bool IsNative => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("HIY_BINARY"));

    /// <summary>The setup code a started hiy is given (HIY_SETUP_CODE) unless <c>env</c> names its own.</summary>
    public const string DefaultSetupCode = "TEST-CODE-2345-6789";

    public static HiyProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var native = Environment.GetEnvironmentVariable("HIY_BINARY");
        if (!string.IsNullOrEmpty(native))
        {
            Assert.True(File.Exists(native), $"HIY_BINARY={native} does not exist: run scripts/test.sh, which publishes it");
            psi.FileName = native;
        }
        else
        {
            Assert.False(Environment.GetEnvironmentVariable("HIY_REQUIRE_NATIVE") == "1",
                "HIY_REQUIRE_NATIVE=1 but HIY_BINARY is unset: scripts/test.sh publishes the native binary and sets it");
            psi.FileName = "dotnet";
            psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hiy.dll"));
        }
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        // A clean slate: no HIY_* from the developer's shell, no system config file.
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("HIY_", StringComparison.Ordinal)).ToList())
            psi.Environment.Remove(key);
        psi.Environment.Remove("JOURNAL_STREAM");
        psi.Environment["HIY_SETUP_CODE"] = DefaultSetupCode;
        if (env is not null)
            foreach (var (k, v) in env)
                psi.Environment[k] = v;
        return new HiyProcess(Process.Start(psi)!);
    }

    /// <summary>Waits for exit; fails the test if it takes longer than <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"hiy did not exit within {timeout}; stderr:\n{StdErr}");
        }
        _process.WaitForExit(); // flush the redirected streams
        return _process.ExitCode;
    }

    public bool HasExited => _process.HasExited;

    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Resident memory from /proc (kB).</summary>
    public long VmRssKb()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        return -1;
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
