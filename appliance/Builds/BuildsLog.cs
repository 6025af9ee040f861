using Microsoft.Extensions.Logging;

namespace Hiy.Builds;

/// <summary>Source-generated log lines of the build engine.</summary>
internal static partial class BuildsLog
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "app {App}: deploy {Replaced} replaced by {DeployId} while waiting")]
    public static partial void Coalesced(ILogger logger, string app, long replaced, long deployId);

    [LoggerMessage(EventId = 401, Level = LogLevel.Error, Message = "app {App}: deploy {DeployId} crashed")]
    public static partial void BuildCrashed(ILogger logger, Exception exception, string app, long deployId);

    [LoggerMessage(EventId = 402, Level = LogLevel.Error, Message = "app {App}: deploy {DeployId}: status listener failed for {Status}")]
    public static partial void StatusListenerFailed(ILogger logger, Exception exception, string app, long deployId, string status);

    [LoggerMessage(EventId = 420, Level = LogLevel.Information, Message = "poll: {App} moved to {Sha}; deploying")]
    public static partial void PollDeploy(ILogger logger, string app, string sha);

    [LoggerMessage(EventId = 421, Level = LogLevel.Warning, Message = "poll: {App}: {Reason}")]
    public static partial void PollFailed(ILogger logger, string app, string reason);

    [LoggerMessage(EventId = 430, Level = LogLevel.Warning, Message = "app {App}: new limits not applied to the running container: {Reason}")]
    public static partial void LimitsNotApplied(ILogger logger, string app, string reason);

    [LoggerMessage(EventId = 431, Level = LogLevel.Warning, Message = "app {App}: could not remove {Path}: {Reason}")]
    public static partial void LeftoverNotRemoved(ILogger logger, string app, string path, string reason);

    [LoggerMessage(EventId = 432, Level = LogLevel.Warning, Message = "app {App}: image upload refused: {Reason}")]
    public static partial void UploadRefused(ILogger logger, string app, string reason);

    [LoggerMessage(EventId = 450, Level = LogLevel.Information, Message = "start-up: {App}: deploy {DeployId} had swapped in before hiy stopped; recorded as succeeded")]
    public static partial void RecoveredLive(ILogger logger, string app, long deployId);

    [LoggerMessage(EventId = 451, Level = LogLevel.Information, Message = "start-up: {Count} deploys that never went live recorded as failed (abandoned)")]
    public static partial void ReapedAbandoned(ILogger logger, int count);

    [LoggerMessage(EventId = 452, Level = LogLevel.Information, Message = "start-up: {App} was left building; now {Status}: {Detail}")]
    public static partial void RecoveredStatus(ILogger logger, string app, string status, string detail);

    [LoggerMessage(EventId = 453, Level = LogLevel.Information, Message = "start-up: retired the container of deploy {DeployId} of {App} (not the current deploy)")]
    public static partial void RecoveredRetired(ILogger logger, string app, long deployId);

    [LoggerMessage(EventId = 454, Level = LogLevel.Information, Message = "start-up: removed {Count} dangling build images")]
    public static partial void RecoveredImages(ILogger logger, int count);

    [LoggerMessage(EventId = 455, Level = LogLevel.Warning, Message = "start-up: cannot remove {Path}: {Reason}")]
    public static partial void RecoveryCleanFailed(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 456, Level = LogLevel.Warning, Message = "start-up: container recovery skipped until the next start: {Reason}")]
    public static partial void RecoveryEngineFailed(ILogger logger, string reason);
}
