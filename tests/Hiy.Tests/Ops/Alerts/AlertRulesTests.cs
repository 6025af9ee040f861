using Hiy.Hardware;
using Hiy.Ops.Alerts;
using Hiy.Store;

namespace Hiy.Tests.Ops.Alerts;

public class AlertRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static SystemSample Machine(long diskFree = 50, long memAvailable = 50, double? temp = 50) =>
        new(Now, 100, 0.5, 100, memAvailable, 100, diskFree, temp);

    private static AlertInputs Inputs(SystemSample? machine = null, Throttling? throttling = null, IReadOnlyDictionary<string, DateTimeOffset?>? apps = null,
        IReadOnlyList<CertificateFailure>? certs = null, double? battery = null) =>
        new(Now, apps ?? new Dictionary<string, DateTimeOffset?>(), machine ?? Machine(), throttling ?? Throttling.NotAvailable, certs ?? [], battery);

    [Theory]
    [InlineData(119, false)]
    [InlineData(120, true)]
    [InlineData(600, true)]
    public void Evaluate_AppDownFor_AlertsFromTwoMinutes(int seconds, bool alerts)
    {
        var conditions = AlertRules.Evaluate(Inputs(apps: new Dictionary<string, DateTimeOffset?> { ["blog"] = Now.AddSeconds(-seconds), ["shop"] = null }));
        Assert.Equal(alerts ? ["app_down:blog"] : [], conditions.Select(c => c.Key));
    }

    [Theory]
    [InlineData(20, 50, 50.0, "")]          // disk 80 % used: not above 80
    [InlineData(19, 50, 50.0, "disk")]      // 81 %
    [InlineData(50, 15, 50.0, "")]          // RAM 85 %
    [InlineData(50, 14, 50.0, "memory")]    // 86 %
    [InlineData(50, 50, 80.0, "")]
    [InlineData(50, 50, 80.5, "soc_temperature")]
    [InlineData(10, 10, 90.0, "disk,memory,soc_temperature")]
    public void Evaluate_MachineThresholds_AboveEachAlerts(long diskFree, long memAvailable, double temp, string expected) =>
        Assert.Equal(expected, string.Join(",", AlertRules.Evaluate(Inputs(Machine(diskFree, memAvailable, temp))).Select(c => c.Key)));

    [Theory]
    [InlineData(0x0u, false)]
    [InlineData(0x1u, true)]      // under-voltage now
    [InlineData(0x10000u, true)]  // under-voltage has occurred since boot
    [InlineData(0x80008u, false)] // only temperature bits
    public void Evaluate_UnderVoltageFlags_Alerts(uint word, bool alerts) =>
        Assert.Equal(alerts, AlertRules.Evaluate(Inputs(throttling: Throttling.FromWord(word))).Any(c => c.Key == "under_voltage"));

    [Fact]
    public void Evaluate_CertificateFailingAndBatteryLow_OneConditionEach()
    {
        var conditions = AlertRules.Evaluate(Inputs(certs: [new("example.com", 2, "rateLimited"), new("ok.example.com", 0, null)], battery: 12));
        Assert.Equal(["certificate:example.com", "battery_low"], conditions.Select(c => c.Key));
        Assert.Contains("rateLimited", conditions[0].Message);
        Assert.Empty(AlertRules.Evaluate(Inputs(battery: 20)));
        Assert.Empty(AlertRules.Evaluate(Inputs(battery: null)));
    }

    [Fact]
    public void Plan_OpenAndNow_OpensNewResolvesGoneKeepsStanding()
    {
        Incident Open(string key) => new(1, key, key, null, key, Now, null);
        var (toOpen, toResolve) = AlertRules.Plan([Open("disk"), Open("memory")],
            [new("disk", "disk", null, "still"), new("app_down:blog", "app_down", "blog", "new")]);
        Assert.Equal(["app_down:blog"], toOpen.Select(c => c.Key));
        Assert.Equal(["memory"], toResolve.Select(i => i.Key));
    }

    [Fact]
    public void Message_Resolved_SaysHowLong()
    {
        var incident = new Incident(7, "app_down:blog", "app_down", "blog", "app 'blog' is down", Now.AddMinutes(-5), Now);
        var message = AlertRules.Message(incident, IncidentPhase.Resolved, Now);
        Assert.Equal("hiy: resolved: app blog is down", message.Title);
        Assert.StartsWith("resolved after 5 min", message.Text);
    }
}
