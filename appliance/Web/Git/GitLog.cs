namespace Hiy.Web.Git;

/// <summary>Source-generated log lines of git smart-HTTP.</summary>
internal static partial class GitLog
{
    [LoggerMessage(EventId = 440, Level = LogLevel.Warning, Message = "auth failure from {Client}: git {Reason}")]
    public static partial void AuthFailure(ILogger logger, string client, string reason);

    [LoggerMessage(EventId = 441, Level = LogLevel.Information, Message = "git push to {App}: {Ref} → {Sha}")]
    public static partial void Pushed(ILogger logger, string app, string @ref, string sha);

    [LoggerMessage(EventId = 442, Level = LogLevel.Warning, Message = "git http-backend for {App} wrote to stderr: {Text}")]
    public static partial void BackendStderr(ILogger logger, string app, string text);

    [LoggerMessage(EventId = 443, Level = LogLevel.Error, Message = "git push relay for {App} failed")]
    public static partial void RelayFailed(ILogger logger, Exception exception, string app);

    [LoggerMessage(EventId = 444, Level = LogLevel.Information, Message = "created repository for {App}")]
    public static partial void RepoCreated(ILogger logger, string app);

    [LoggerMessage(EventId = 445, Level = LogLevel.Warning, Message = "push to {App} ended undecided: deploy {DeployId} canceled")]
    public static partial void DeployCanceled(ILogger logger, string app, long deployId);

    [LoggerMessage(EventId = 446, Level = LogLevel.Warning, Message = "push to {App} was accepted but git left {Branch} at {Now}, not the deployed {Sha}: deploying what the branch holds")]
    public static partial void RefNotUpdated(ILogger logger, string app, string branch, string sha, string now);
}
