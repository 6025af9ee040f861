namespace Hiy.Store;

/// <summary>What started a deploy (API.md "Deploys": <c>triggered_by</c>).</summary>
public enum DeployTrigger
{
    /// <summary>A <c>git push</c> to the appliance's own repository.</summary>
    Git,
    /// <summary>A GitHub push webhook.</summary>
    Webhook,
    /// <summary>The poller saw a new head on the app's branch.</summary>
    Poll,
    /// <summary><c>POST /deploys</c> from the dashboard or another API client, or an uploaded image.</summary>
    Manual,
    /// <summary><c>POST /deploys</c> from the <c>hiy</c> CLI.</summary>
    Cli,
    /// <summary><c>POST /rollback</c>: an earlier image or site version, no build.</summary>
    Rollback,
    /// <summary>The app's env vars changed: the current image again with the new values.</summary>
    Env,
    /// <summary><c>POST /restart</c> or a resource change that needs a new container: the current image again.</summary>
    Restart,
}

/// <summary>The words of <see cref="DeployTrigger"/> in the API and the <c>deploys.triggered_by</c> column.</summary>
public static class DeployTriggerText
{
    public static string ToText(this DeployTrigger t) => t switch
    {
        DeployTrigger.Git => "git",
        DeployTrigger.Webhook => "webhook",
        DeployTrigger.Poll => "poll",
        DeployTrigger.Cli => "cli",
        DeployTrigger.Rollback => "rollback",
        DeployTrigger.Env => "env",
        DeployTrigger.Restart => "restart",
        _ => "manual",
    };

    public static DeployTrigger Parse(string text) => text switch
    {
        "git" => DeployTrigger.Git,
        "webhook" => DeployTrigger.Webhook,
        "poll" => DeployTrigger.Poll,
        "cli" => DeployTrigger.Cli,
        "rollback" => DeployTrigger.Rollback,
        "env" => DeployTrigger.Env,
        "restart" => DeployTrigger.Restart,
        _ => DeployTrigger.Manual,
    };
}
