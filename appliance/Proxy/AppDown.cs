namespace Hiy.Proxy;

/// <summary>Why an app has nothing to forward to, as the 503 page tells it.</summary>
public enum AppDownReason
{
    /// <summary>Running, but no healthy container is routed this instant (a swap or restart in progress).</summary>
    Starting,
    /// <summary>Created, never deployed.</summary>
    NotDeployed,
    /// <summary>A deploy is queued or building and nothing served before it.</summary>
    Building,
    /// <summary>The last deploy failed and nothing served before it.</summary>
    Failed,
    /// <summary>Stopped by its owner.</summary>
    Stopped,
    /// <summary>Its container exited (or was OOM-killed).</summary>
    Crashed,
}

/// <summary>
/// The state the route table carries for an app without an upstream, pushed in with the snapshot (the proxy never
/// reads the store). <see cref="DeployId"/>: the deploy building or failed, or the crashed one.
/// </summary>
public sealed record AppDown(AppDownReason Reason, long? DeployId = null, int? ExitCode = null, bool OomKilled = false)
{
    public static AppDown Starting { get; } = new(AppDownReason.Starting);

    /// <summary>Pure: the page's title and text. Says what happened, never why in detail (the page is public).</summary>
    public (string Title, string Detail) Describe(string app)
    {
        var deploy = DeployId is { } id ? $"deploy {id}" : "a deploy";
        return Reason switch
        {
            AppDownReason.NotDeployed => ("Not deployed yet", $"The app '{app}' has no deploy yet. Push to it to put it live."),
            AppDownReason.Building => ("Building…", $"The app '{app}' is not live yet: {deploy} is building. Try again in a minute."),
            AppDownReason.Failed => ("Deploy failed", $"The app '{app}' is not live: {deploy} failed. Its owner can see why in the deploy log."),
            AppDownReason.Stopped => ("Stopped", $"The app '{app}' is stopped. Its owner can start it again."),
            AppDownReason.Crashed => ("Crashed", $"The app '{app}' crashed: "
                + (OomKilled ? "it ran out of memory and was killed" : ExitCode is { } code ? $"its container exited with code {code}" : "its container is gone")
                + (DeployId is { } d ? $" (deploy {d})." : ".") + " Its owner can see why in the app's logs."),
            _ => ("Starting…", $"The app '{app}' has no healthy container this instant; it is probably being restarted or deployed. Try again in a few seconds."),
        };
    }

    /// <summary>How soon a retry makes sense (Retry-After); null when the owner has to act first.</summary>
    public int? RetryAfterSeconds => Reason switch
    {
        AppDownReason.Starting => 5,
        AppDownReason.Building => 30,
        _ => null,
    };
}
