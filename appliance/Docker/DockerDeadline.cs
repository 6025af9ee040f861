using System.Globalization;

namespace Hiy.Docker;

/// <summary>
/// One call's deadline joined to the caller's token. Telling the two apart is the point: the caller's cancel stays an
/// <see cref="OperationCanceledException"/>, the deadline becomes a <see cref="DockerApiException"/> naming the call.
/// </summary>
internal sealed class DockerDeadline : IDisposable
{
    private readonly CancellationTokenSource? _timer;
    private readonly CancellationTokenSource? _linked;
    private readonly CancellationToken _caller;

    public DockerDeadline(TimeSpan timeout, TimeProvider time, CancellationToken caller)
    {
        _caller = caller;
        Timeout = timeout;
        if (timeout == System.Threading.Timeout.InfiniteTimeSpan)
        {
            Token = caller;
            return;
        }
        _timer = new CancellationTokenSource(timeout, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(caller, _timer.Token);
        Token = _linked.Token;
    }

    public TimeSpan Timeout { get; }

    /// <summary>The caller's token and the deadline in one.</summary>
    public CancellationToken Token { get; }

    /// <summary>True when the deadline, not the caller, ended the call.</summary>
    public bool Expired => _timer?.IsCancellationRequested == true && !_caller.IsCancellationRequested;

    /// <summary><c>docker GET /containers/x/json: no answer within 30 s</c>, behind the subject.</summary>
    public DockerApiException Failure(string subject, HttpMethod method, string path, Exception inner) =>
        new($"{subject}: docker {method} {path}: no answer within {Seconds(Timeout)} s", null, inner);

    internal static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _linked?.Dispose();
        _timer?.Dispose();
    }
}
