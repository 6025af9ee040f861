using Hiy.Store;

namespace Hiy.Ops.Alerts;

/// <summary>
/// Turns each evaluation into incidents and messages: opens an incident for a new condition, resolves one whose condition
/// is gone, then sends every message still owed on each configured channel. The incident and its deliveries are in the
/// store, so after a restart the same condition is the same incident and nothing already sent is sent again.
/// </summary>
public sealed class AlertMonitor(IncidentRepository incidents, AlertSettingsStore settings, AlertChannels channels, TimeProvider time,
    ILogger<AlertMonitor> log)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public AlertThresholds Thresholds { get; init; } = AlertThresholds.Default;

    public async Task EvaluateAsync(AlertInputs inputs, CancellationToken ct)
    {
        var (toOpen, toResolve) = AlertRules.Plan(incidents.Open(), AlertRules.Evaluate(inputs, Thresholds));
        foreach (var c in toOpen)
        {
            var incident = incidents.OpenIncident(c.Key, c.Kind, c.Subject, c.Message, inputs.Now);
            AlertsLog.Opened(log, incident.Id, c.Message);
        }
        foreach (var i in toResolve)
        {
            incidents.Resolve(i.Id, inputs.Now);
            AlertsLog.Resolved(log, i.Id, i.Message);
        }
        await DeliverAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Sends what is owed; a channel that fails keeps its messages for the next evaluation (oldest first, in order).</summary>
    public async Task DeliverAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            foreach (var channel in channels.From(settings.Load()))
            {
                foreach (var (incident, phase) in incidents.Pending(channel.Name))
                {
                    try
                    {
                        await channel.SendAsync(AlertRules.Message(incident, phase, time.GetUtcNow()), ct).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is OpsException || e is TaskCanceledException && !ct.IsCancellationRequested)
                    {
                        AlertsLog.DeliveryFailed(log, channel.Name, incident.Id, e.Message);
                        break;
                    }
                    incidents.MarkSent(incident.Id, channel.Name, phase, time.GetUtcNow());
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>POST /api/v1/alerts/test: one test message on each configured channel, each outcome a value.</summary>
    public async Task<IReadOnlyList<ChannelTestResult>> TestAsync(CancellationToken ct)
    {
        var results = new List<ChannelTestResult>();
        var message = new AlertMessage("hiy: test alert", $"a test message from hiy at {time.GetUtcNow():u}: this channel works.");
        foreach (var channel in channels.From(settings.Load()))
        {
            try
            {
                await channel.SendAsync(message, ct).ConfigureAwait(false);
                results.Add(new ChannelTestResult(channel.Name, true, null));
            }
            catch (Exception e) when (e is OpsException || e is TaskCanceledException && !ct.IsCancellationRequested)
            {
                results.Add(new ChannelTestResult(channel.Name, false, e.Message));
            }
        }
        return results;
    }
}

/// <summary>One channel's answer to the test message.</summary>
public sealed record ChannelTestResult(string Channel, bool Ok, string? Error);
