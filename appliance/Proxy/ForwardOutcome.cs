namespace Hiy.Proxy;

/// <summary>How a forward ended; <see cref="UpstreamStatus"/> is 0 when the app never answered.</summary>
public readonly record struct ForwardOutcome(ForwardStatus Status, int UpstreamStatus);

public enum ForwardStatus
{
    Success,
    /// <summary>Connect refused/timed out or the app broke the connection before headers: 502.</summary>
    UpstreamUnreachable,
    /// <summary>No response headers within the timeout: 504.</summary>
    UpstreamTimeout,
    /// <summary>The client went away, or the stream broke after the response started.</summary>
    Aborted,
}
