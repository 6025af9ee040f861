namespace Hiy.Store;

/// <summary>A deploy's status (API.md "Apps"): queued → building → deploying → succeeded|failed|canceled.</summary>
public enum DeployStatus { Queued, Building, Deploying, Succeeded, Failed, Canceled }

/// <summary>The words the API, the log and the <c>deploys.status</c> column use for a <see cref="DeployStatus"/>.</summary>
public static class DeployStatusText
{
    public static string ToText(this DeployStatus s) => s switch
    {
        DeployStatus.Queued => "queued",
        DeployStatus.Building => "building",
        DeployStatus.Deploying => "deploying",
        DeployStatus.Succeeded => "succeeded",
        DeployStatus.Failed => "failed",
        _ => "canceled",
    };

    /// <summary>The column's word back to the value; anything else (a newer hiy's word) reads as failed.</summary>
    public static DeployStatus Parse(string text) => text switch
    {
        "queued" => DeployStatus.Queued,
        "building" => DeployStatus.Building,
        "deploying" => DeployStatus.Deploying,
        "succeeded" => DeployStatus.Succeeded,
        "canceled" => DeployStatus.Canceled,
        _ => DeployStatus.Failed,
    };

    public static bool IsFinal(this DeployStatus s) => s is DeployStatus.Succeeded or DeployStatus.Failed or DeployStatus.Canceled;
}
