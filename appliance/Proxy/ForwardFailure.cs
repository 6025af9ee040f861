using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Hiy.Proxy;

/// <summary>Whose fault a failed forward was: it decides the status, the log level and the page.</summary>
public enum ForwardFault
{
    /// <summary>The client sent a bad or too big body, or sent it too slowly: a 4xx, logged as a warning without a stack trace.</summary>
    Client,
    /// <summary>The app refused, broke off or answered garbage: 502, logged as a warning.</summary>
    Upstream,
    /// <summary>The app was idle longer than the activity timeout: 504 before the headers, a cut stream after them.</summary>
    UpstreamTimeout,
    /// <summary>The client went away or stopped reading; nobody is left to tell, so only a debug line.</summary>
    ClientGone,
    /// <summary>A WebSocket (or other upgraded) tunnel carried nothing for the activity timeout and was closed: routine, a debug line.</summary>
    IdleTunnel,
}

/// <summary>
/// What a failed forward means for hiy, from YARP's <see cref="ForwarderError"/>: the status the client gets
/// (when the response has not started) and whose fault it was. A pure function, so the table is tested directly.
/// </summary>
public readonly record struct ForwardFailure(int Status, ForwardFault Fault)
{
    public LogLevel Level => Fault is ForwardFault.ClientGone or ForwardFault.IdleTunnel ? LogLevel.Debug : LogLevel.Warning;

    /// <param name="error">What YARP reported.</param>
    /// <param name="exception">The exception behind it (<see cref="IForwarderErrorFeature.Exception"/>), often an AggregateException.</param>
    /// <param name="statusSet">The status YARP already set on the response: it alone knows whether a client body read timed out (408).</param>
    /// <param name="clientAborted">The client's connection is gone (<c>HttpContext.RequestAborted</c>): a cancellation without it is the activity timeout.</param>
    public static ForwardFailure Classify(ForwarderError error, Exception? exception, int statusSet, bool clientAborted) => error switch
    {
        // Kestrel's BadHttpRequestException carries the right answer: 400 malformed chunking, 413 over the
        // body limit, 408 below the minimum data rate (RFC 9110 §15.5.1, §15.5.14, §15.5.9).
        ForwarderError.RequestBodyClient => new(ClientStatus(exception, statusSet), ForwardFault.Client),
        ForwarderError.RequestTimedOut => new(StatusCodes.Status504GatewayTimeout, ForwardFault.UpstreamTimeout),
        ForwarderError.UpgradeActivityTimeout => new(StatusCodes.Status504GatewayTimeout, ForwardFault.IdleTunnel),
        // YARP reports a stalled response body as canceled, like a client that left; only the client's token tells them apart.
        ForwarderError.ResponseBodyCanceled when !clientAborted => new(StatusCodes.Status504GatewayTimeout, ForwardFault.UpstreamTimeout),
        // …or, when the timeout cancels a pending read of the app's body, as an app read error wrapping the cancellation.
        ForwarderError.ResponseBodyDestination when !clientAborted && WasCanceled(exception) =>
            new(StatusCodes.Status504GatewayTimeout, ForwardFault.UpstreamTimeout),
        ForwarderError.RequestBodyDestination when statusSet == StatusCodes.Status504GatewayTimeout =>
            new(StatusCodes.Status504GatewayTimeout, ForwardFault.UpstreamTimeout),
        ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.ResponseBodyCanceled
            or ForwarderError.UpgradeRequestCanceled or ForwarderError.UpgradeResponseCanceled
            or ForwarderError.ResponseBodyClient or ForwarderError.UpgradeRequestClient or ForwarderError.UpgradeResponseClient =>
            new(StatusCodes.Status400BadRequest, ForwardFault.ClientGone),
        _ => new(StatusCodes.Status502BadGateway, ForwardFault.Upstream),
    };

    /// <summary>The message worth a log line: Kestrel's reason for a client error rather than HttpClient's wrapper.</summary>
    public static string Reason(Exception? exception)
    {
        if (exception is null)
            return "no detail";
        var bad = Find<BadHttpRequestException>(exception);
        if (bad is not null)
            return bad.Message;
        var inner = exception is AggregateException { InnerExceptions.Count: > 0 } aggregate ? aggregate.InnerExceptions[0] : exception;
        return inner.InnerException?.Message ?? inner.Message;
    }

    private static int ClientStatus(Exception? exception, int statusSet)
    {
        if (Find<BadHttpRequestException>(exception) is { } bad)
            return bad.StatusCode;
        return statusSet is >= 400 and < 500 ? statusSet : StatusCodes.Status400BadRequest;
    }

    private static bool WasCanceled(Exception? exception) =>
        Find<OperationCanceledException>(exception) is not null
        || Find<System.Net.Sockets.SocketException>(exception) is { SocketErrorCode: System.Net.Sockets.SocketError.OperationAborted };

    private static T? Find<T>(Exception? exception) where T : Exception
    {
        for (var depth = 0; exception is not null && depth < 8; depth++)
        {
            if (exception is T match)
                return match;
            if (exception is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    if (Find<T>(inner) is { } found)
                        return found;
                }
                return null;
            }
            exception = exception.InnerException;
        }
        return null;
    }
}
