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
}
