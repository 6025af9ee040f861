using Microsoft.Extensions.Logging;

namespace Hiy.Stacks;

/// <summary>The stacks module's log lines (EventIds 600–649).</summary>
internal static partial class StacksLog
{
    [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "deployment {Deployment}: service {Service} started as container {Container}")]
    public static partial void ServiceStarted(ILogger logger, string deployment, string service, string container);

    [LoggerMessage(EventId = 601, Level = LogLevel.Debug, Message = "deployment {Deployment}: waiting for service {Service} to be healthy")]
    public static partial void WaitingHealthy(ILogger logger, string deployment, string service);

    [LoggerMessage(EventId = 602, Level = LogLevel.Information, Message = "deployment {Deployment} ({Name}) is {Status}")]
    public static partial void StatusChanged(ILogger logger, string deployment, string name, string status);

    [LoggerMessage(EventId = 603, Level = LogLevel.Warning, Message = "deployment {Deployment} ({Name}) failed: {Error}")]
    public static partial void Failed(ILogger logger, string deployment, string name, string error);

    [LoggerMessage(EventId = 604, Level = LogLevel.Warning, Message = "deployment {Deployment}: its routes could not be read from Docker: {Error}")]
    public static partial void RouteReadFailed(ILogger logger, string deployment, string error);

    [LoggerMessage(EventId = 605, Level = LogLevel.Information, Message = "template {Template} ({Slug}) {Action}")]
    public static partial void TemplateChanged(ILogger logger, string template, string slug, string action);
}
