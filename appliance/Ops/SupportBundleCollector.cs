using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using Hiy.Core;
using Hiy.Docker;
using Hiy.Hardware;
using Hiy.Store;

namespace Hiy.Ops;

/// <summary>
/// Gathers what someone helping a user needs, without SSH: versions, the machine now and its week of
/// disk/temperature history, hiy's recent log, each app's state, recent deploys and container output,
/// and the operations' results. Every secret hiy holds (<see cref="HeldSecrets"/>) is masked by the redactor.
/// </summary>
public sealed class SupportBundleCollector(
    AppRepository apps, DeployRepository deploys, LogRepository logs, HeldSecrets held,
    SystemSampleRepository samples, SystemProbe probe, OperationsChannel ops, RecentLog recentLog, DockerClient docker,
    TimeProvider time)
{
    public const int LogLinesPerApp = 500;
    public const int DeploysPerApp = 5;

    public async Task<(IReadOnlyList<BundleEntry> Entries, SecretRedactor Redactor)> CollectAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var secrets = held.All();
        var appFiles = new List<BundleEntry>();
        var summary = new StringBuilder("name\tstatus\tdetail\tcurrent_deploy\tlast_exit\toom\n");
        foreach (var app in apps.List())
        {
            summary.Append(CultureInfo.InvariantCulture,
                $"{app.Name}\t{AppRecord.StatusText(app.Status)}\t{app.StatusDetail}\t{app.CurrentDeployId}\t{app.LastExitCode}\t{app.LastOomKilled}\n");
            appFiles.Add(new($"apps/{app.Name}/logs.txt",
                string.Join('\n', logs.Tail(app.Id, LogLinesPerApp).Select(l => $"{l.Time:O} {l.Stream} {l.Text}")) + "\n"));
            appFiles.Add(new($"apps/{app.Name}/deploys.txt", Deploys(app.Name)));
        }
        var entries = new List<BundleEntry>
        {
            new("versions.txt", await VersionsAsync(ct)),
            new("system.txt", SystemNow()),
            new("history.csv", History(now)),
            new("hiy.log", string.Join('\n', recentLog.Lines()) + "\n"),
            new("operations.txt", Operations()),
            new("apps.tsv", summary.ToString()),
        };
        entries.AddRange(appFiles);
        var osUpdateLog = Path.Combine(ops.StateDir, "os-update.log");
        if (File.Exists(osUpdateLog))
            entries.Add(new("os-update.log", await File.ReadAllTextAsync(osUpdateLog, ct)));
        entries.Add(new("README.txt", $"""
            hiy support bundle, written {now:u}.
            Secrets hiy knows (app env values, API and webhook secrets, the setup code) are replaced by {SecretRedactor.Mask}.
            versions.txt, system.txt: this machine now; history.csv: a sample every {SystemSampler.Interval.TotalMinutes} min for {SystemSampleRepository.Retention.TotalDays} days.
            hiy.log: hiy's last {RecentLog.Capacity} log lines; apps/<app>/: container output and recent deploys.

            """));
        return (entries, new SecretRedactor(secrets));
    }

    private async Task<string> VersionsAsync(CancellationToken ct)
    {
        var sb = new StringBuilder();
        var hiy = typeof(SupportBundleCollector).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        sb.Append(CultureInfo.InvariantCulture, $"hiy: {hiy}\n");
        sb.Append(CultureInfo.InvariantCulture, $"runtime: {RuntimeInformation.FrameworkDescription} {RuntimeInformation.ProcessArchitecture}\n");
        sb.Append(CultureInfo.InvariantCulture, $"os: {OsRelease()}\n");
        sb.Append(CultureInfo.InvariantCulture, $"kernel: {ReadLine(Path.Combine(probe.Root, "proc/sys/kernel/osrelease"))}\n");
        sb.Append(CultureInfo.InvariantCulture, $"model: {probe.Model()}\n");
        try
        {
            var v = await docker.GetVersionAsync(ct);
            sb.Append(CultureInfo.InvariantCulture, $"docker: {v.Version} (api {v.ApiVersion}, {v.Os}/{v.Arch})\n");
        }
        catch (Exception e) when (e is DockerApiException or IOException or HttpRequestException)
        {
            sb.Append(CultureInfo.InvariantCulture, $"docker: not answering ({e.Message})\n");
        }
        return sb.ToString();
    }

    private string SystemNow()
    {
        var s = probe.Read();
        return string.Create(CultureInfo.InvariantCulture, $"""
            time: {s.Time:u}
            uptime_s: {s.UptimeSeconds:F0}
            load1: {s.Load1:F2}
            memory: {s.MemoryAvailableBytes / 1048576} MB available of {s.MemoryTotalBytes / 1048576} MB
            disk (data dir): {s.DiskFreeBytes / 1048576} MB free of {s.DiskTotalBytes / 1048576} MB
            temperature_c: {(s.TemperatureC is { } t ? t.ToString("F1", CultureInfo.InvariantCulture) : "n/a")}

            """);
    }

    private string History(DateTimeOffset now)
    {
        var sb = new StringBuilder("time,uptime_s,load1,memory_total_bytes,memory_available_bytes,disk_total_bytes,disk_free_bytes,temperature_c\n");
        foreach (var s in samples.Since(now - SystemSampleRepository.Retention))
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"{s.Time:O},{s.UptimeSeconds:F0},{s.Load1:F2},{s.MemoryTotalBytes},{s.MemoryAvailableBytes},{s.DiskTotalBytes},{s.DiskFreeBytes},{s.TemperatureC?.ToString("F1", CultureInfo.InvariantCulture)}\n");
        }
        return sb.ToString();
    }

    private string Operations()
    {
        var all = ops.All();
        if (all.Count == 0)
            return ops.Available ? "no operations requested yet\n" : $"operations unavailable: {ops.RequestDir} does not exist (not the hiy image)\n";
        return string.Concat(all.Select(s => $"{s.At:u} {s.Request}: {s.State} - {s.Message}\n"));
    }

    private string Deploys(string app)
    {
        var sb = new StringBuilder();
        foreach (var d in deploys.List(app, DeploysPerApp))
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"=== deploy {d.Id}: {d.Status.ToText()} ({d.TriggeredBy.ToText()}, sha {d.Sha}, queued {d.QueuedAt:u}, finished {d.FinishedAt:u}){(d.Error is null ? "" : " error: " + d.Error)}\n");
            sb.Append(deploys.Log(d.Id)).Append('\n');
        }
        return sb.ToString();
    }

    private string OsRelease()
    {
        foreach (var line in ReadLines(Path.Combine(probe.Root, "etc/os-release")))
        {
            if (line.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
                return line["PRETTY_NAME=".Length..].Trim('"');
        }
        return "unknown";
    }

    private static string ReadLine(string file) => ReadLines(file).FirstOrDefault() ?? "unknown";

    private static IEnumerable<string> ReadLines(string file)
    {
        try
        {
            return File.ReadAllLines(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
