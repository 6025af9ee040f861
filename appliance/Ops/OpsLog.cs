namespace Hiy.Ops;

internal static partial class OpsLog
{
    [LoggerMessage(EventId = 900, Level = LogLevel.Warning, Message = "system sample not recorded: {Reason}")]
    public static partial void SampleFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 901, Level = LogLevel.Information, Message = "operation '{Request}' handed to hiy-ops")]
    public static partial void Submitted(ILogger logger, string request);

    [LoggerMessage(EventId = 902, Level = LogLevel.Information, Message = "self-update: new binary ({Bytes} bytes, {Machine}) staged; hiy-ops will restart hiy on it")]
    public static partial void SelfUpdateStaged(ILogger logger, long bytes, string machine);
}
