namespace Hiy.Web.Git;

/// <summary>
/// What the integrator's <c>onPush</c> did with a pushed branch: a deploy id to follow, or null with a
/// message for the pusher (e.g. "branch 'wip' is not deployed; blog deploys 'main'").
/// </summary>
public sealed record GitPushOutcome(long? DeployId, string? Message = null);

/// <summary>How a followed deploy ended: the app URL on success, a reason otherwise.</summary>
public sealed record GitDeployResult(bool Succeeded, string? Url, string? Detail = null);

/// <summary>One line of a pre-receive hook's stdin: <c>&lt;old-sha&gt; &lt;new-sha&gt; &lt;ref&gt;</c> (githooks(5)).</summary>
public sealed record RefUpdate(string OldSha, string NewSha, string Ref)
{
    public static RefUpdate? Parse(string line)
    {
        var parts = line.Trim().Split(' ');
        return parts.Length == 3 && parts[0].Length >= 40 && parts[1].Length >= 40 ? new RefUpdate(parts[0], parts[1], parts[2]) : null;
    }

    public bool IsDeletion => NewSha.All(c => c == '0');

    /// <summary>The branch name for <c>refs/heads/…</c>, else null.</summary>
    public string? Branch => Ref.StartsWith("refs/heads/", StringComparison.Ordinal) ? Ref[11..] : null;
}
