using System.Globalization;
using Hiy.Store;

namespace Hiy.Ops.Alerts;

/// <summary>
/// The alert decisions, pure (DESIGN.md rule 2): which conditions hold for the inputs, and how the open incidents must change
/// for them. An incident's identity is its condition's key, so a condition that stays true stays one incident.
/// </summary>
public static class AlertRules
{
    public static IReadOnlyList<AlertCondition> Evaluate(AlertInputs inputs, AlertThresholds? thresholds = null)
    {
        var t = thresholds ?? AlertThresholds.Default;
        var conditions = new List<AlertCondition>();
        foreach (var (app, since) in inputs.AppsDownSince.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            if (since is { } s && inputs.Now - s >= t.AppDownFor)
                conditions.Add(new("app_down:" + app, "app_down", app, $"app '{app}' is down: its checks have failed since {s:u} ({Minutes(inputs.Now - s)})"));
        }
        if (inputs.Machine is { } m)
        {
            if (m.DiskTotalBytes > 0 && Used(m.DiskTotalBytes, m.DiskFreeBytes) is var disk && disk > t.DiskUsedPercent)
                conditions.Add(new("disk", "disk", null, $"the disk is {Percent(disk)} full (alert above {Percent(t.DiskUsedPercent)})"));
            if (m.MemoryTotalBytes > 0 && Used(m.MemoryTotalBytes, m.MemoryAvailableBytes) is var ram && ram > t.MemoryUsedPercent)
                conditions.Add(new("memory", "memory", null, $"memory is {Percent(ram)} used (alert above {Percent(t.MemoryUsedPercent)})"));
            if (m.TemperatureC is { } temp && temp > t.SocTemperatureC)
                conditions.Add(new("soc_temperature", "soc_temperature", null,
                    $"the SoC is at {temp.ToString("0.#", CultureInfo.InvariantCulture)} °C (alert above {t.SocTemperatureC.ToString("0.#", CultureInfo.InvariantCulture)} °C)"));
        }
        if (inputs.Throttling.UnderVoltageNow || inputs.Throttling.UnderVoltageSeen)
            conditions.Add(new("under_voltage", "under_voltage", null,
                "the Pi's firmware reports under-voltage" + (inputs.Throttling.UnderVoltageNow ? " now" : " since boot") + ": use a stronger power supply"));
        foreach (var c in inputs.FailingCertificates.Where(c => c.Failures > 0).OrderBy(c => c.Domain, StringComparer.Ordinal))
            conditions.Add(new("certificate:" + c.Domain, "certificate", c.Domain,
                $"renewing the certificate for {c.Domain} failed {c.Failures} time(s) in a row: {c.LastError ?? "unknown error"}"));
        if (inputs.BatteryPercent is { } battery && battery < t.BatteryPercent)
            conditions.Add(new("battery_low", "battery_low", null, $"the UPS battery is at {Percent(battery)} (alert below {Percent(t.BatteryPercent)})"));
        return conditions;
    }

    /// <summary>The conditions that have no open incident yet, and the open incidents whose condition no longer holds.</summary>
    public static (IReadOnlyList<AlertCondition> ToOpen, IReadOnlyList<Incident> ToResolve) Plan(IReadOnlyList<Incident> open, IReadOnlyList<AlertCondition> now)
    {
        var openKeys = open.Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
        var nowKeys = now.Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        return (now.Where(c => !openKeys.Contains(c.Key)).ToList(), open.Where(i => !nowKeys.Contains(i.Key)).ToList());
    }

    /// <summary>The text of an incident's message on every channel: the title and a body.</summary>
    public static AlertMessage Message(Incident incident, IncidentPhase phase, DateTimeOffset now) => phase == IncidentPhase.Open
        ? new AlertMessage($"hiy: {Title(incident)}", incident.Message)
        : new AlertMessage($"hiy: resolved: {Title(incident)}",
            $"resolved after {Minutes((incident.ResolvedAt ?? now) - incident.OpenedAt)}: {incident.Message}");

    private static string Title(Incident i) => i.Kind switch
    {
        "app_down" => $"app {i.Subject} is down",
        "disk" => "disk almost full",
        "memory" => "memory almost used up",
        "soc_temperature" => "SoC too hot",
        "under_voltage" => "under-voltage",
        "certificate" => $"certificate renewal failing for {i.Subject}",
        "battery_low" => "UPS battery low",
        _ => i.Kind,
    };

    private static double Used(long total, long free) => 100.0 * (total - free) / total;

    private static string Percent(double p) => p.ToString("0.#", CultureInfo.InvariantCulture) + " %";

    private static string Minutes(TimeSpan span) => span.TotalMinutes < 1
        ? $"{Math.Max(0, (int)span.TotalSeconds)} s"
        : $"{(int)span.TotalMinutes} min";
}
