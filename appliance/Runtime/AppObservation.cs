using Hiy.Store;

namespace Hiy.Runtime;

/// <summary>
/// The runtime's verdict on one app: the status to record, a line saying why, the last exit, and the
/// 127.0.0.1 port to route to (null: nothing healthy to send traffic to).
/// </summary>
public sealed record AppObservation(AppStatus Status, string? Detail, int? ExitCode, bool OomKilled, int? UpstreamPort, string? ContainerId)
{
    /// <summary>
    /// Pure: decides from the app's record and the containers Docker reports for it. Only the container
    /// of the app's current deploy counts; older ones are being retired. A deploy in progress keeps its
    /// <c>building</c> status (the pipeline ends it) but still gets the live upstream. An app whose current
    /// deploy published a static site is running with no upstream (the proxy serves the site).
    /// </summary>
    public static AppObservation Decide(AppRecord app, IReadOnlyList<ObservedContainer> containers)
    {
        var current = app.CurrentDeployId is { } id ? containers.FirstOrDefault(c => c.DeployId == id) : null;
        AppObservation verdict;
        if (app.StaticVersion is { } version)
        {
            // hiy serves the app's static site itself: nothing to watch, no upstream; a container still
            // listed is the previous release being retired.
            verdict = new AppObservation(AppStatus.Running, $"static site version {version}", app.LastExitCode, app.LastOomKilled, null, null);
        }
        else if (current is null)
        {
            verdict = app.CurrentDeployId is { } missing && app.Status is AppStatus.Running or AppStatus.Crashed
                ? new AppObservation(AppStatus.Crashed, $"the container of deploy {missing} is gone", app.LastExitCode, app.LastOomKilled, null, null)
                : new AppObservation(app.Status, app.StatusDetail, app.LastExitCode, app.LastOomKilled, null, null);
        }
        else if (current.Running && !current.Restarting)
        {
            verdict = new AppObservation(AppStatus.Running, null, app.LastExitCode, app.LastOomKilled, current.HostPort, current.Id);
        }
        else if (app.Status == AppStatus.Stopped)
        {
            verdict = new AppObservation(AppStatus.Stopped, "stopped", current.ExitCode, false, null, current.Id);
        }
        else
        {
            var detail = $"exited with code {current.ExitCode}" + (current.OomKilled ? " (OOM-killed: raise memory_mb)" : "")
                + (current.Restarting ? ", restarting" : "");
            verdict = new AppObservation(AppStatus.Crashed, detail, current.ExitCode, current.OomKilled, null, current.Id);
        }
        return app.Status == AppStatus.Building ? verdict with { Status = AppStatus.Building, Detail = app.StatusDetail } : verdict;
    }
}
