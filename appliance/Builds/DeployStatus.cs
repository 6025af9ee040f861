namespace Hiy.Builds;

/// <summary>A deploy's status (API.md "Apps"): queued → building → deploying → succeeded|failed|canceled.</summary>
public enum DeployStatus { Queued, Building, Deploying, Succeeded, Failed, Canceled }

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

    public static bool IsFinal(this DeployStatus s) => s is DeployStatus.Succeeded or DeployStatus.Failed or DeployStatus.Canceled;
}
