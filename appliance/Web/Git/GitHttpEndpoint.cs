using System.Net.Http.Headers;
using System.Text;
using Hiy.Core;
using Microsoft.AspNetCore.Http.Features;

namespace Hiy.Web.Git;

/// <summary>
/// <c>git push http://&lt;host&gt;/git/{app}.git &lt;branch&gt;</c> (API.md "Triggers"): bridges git's smart-HTTP
/// protocol to <c>git http-backend</c> run as a CGI program, one bare repository per app under
/// <c>reposRoot</c> (created on the first push). HTTP Basic authentication with the API token as the
/// password (any user name). Before git updates the refs, the repository's pre-receive hook hands them to
/// hiy (<see cref="PushRelay"/>): each pushed branch goes to <c>onPush</c>, the deploy's log (<c>followLog</c>)
/// and its end (<c>waitResult</c>, with the app URL) stream into the push output, and the push is accepted
/// only when every deploy it started succeeded, as Heroku's and Dokku's are: a failed deploy leaves the
/// branch where it was, and the same commit can be pushed (and built) again.
/// </summary>
public sealed class GitHttpEndpoint
{
    /// <summary>A push carries the whole repository the first time; past this it is refused.</summary>
    public const long MaxPushBytes = 1L << 30;

    private readonly string _reposRoot;
    private readonly string _pushesRoot;
    private readonly Func<string, bool> _isValidToken;
    private readonly Func<string, string, string, CancellationToken, Task<GitPushOutcome>> _onPush;
    private readonly Func<long, CancellationToken, IAsyncEnumerable<string>> _followLog;
    private readonly Func<long, CancellationToken, Task<GitDeployResult>> _waitResult;
    private readonly Func<string, bool> _appExists;
    private readonly Func<long, bool> _cancelDeploy;
    private readonly Func<string, string, string?, IDisposable> _stagePush;
    private readonly ILogger _logger;
    private readonly ProcessRunner _runner = new();
    private readonly string _git;

    /// <param name="reposRoot">Directory of the bare repositories (<c>{app}.git</c>).</param>
    /// <param name="pushesRoot">Scratch directory for the per-push FIFOs (private to hiy's user).</param>
    /// <param name="isValidToken">True when the Basic password is a valid API token.</param>
    /// <param name="onPush">(app, branch, sha) → a deploy id to follow, or a message; called once per pushed branch.</param>
    /// <param name="followLog">A deploy's log lines, ending when the deploy ends.</param>
    /// <param name="waitResult">A deploy's end: succeeded with the app URL, or failed with a reason.</param>
    /// <param name="appExists">False answers 404 (a push never creates an app); null accepts any valid name.</param>
    /// <param name="cancelDeploy">Cancels a deploy whose push ended undecided; false when it was no longer running.</param>
    /// <param name="stagePush">(repo, sha, quarantine) → makes the pushed commit readable to its build until disposed.</param>
    public GitHttpEndpoint(string reposRoot, string pushesRoot, Func<string, bool> isValidToken,
        Func<string, string, string, CancellationToken, Task<GitPushOutcome>> onPush,
        Func<long, CancellationToken, IAsyncEnumerable<string>> followLog,
        Func<long, CancellationToken, Task<GitDeployResult>> waitResult,
        ILogger<GitHttpEndpoint> logger, Func<string, bool>? appExists = null, string git = "git",
        Func<long, bool>? cancelDeploy = null, Func<string, string, string?, IDisposable>? stagePush = null)
    {
        _cancelDeploy = cancelDeploy ?? (_ => false);
        _stagePush = stagePush ?? ((_, _, _) => NoStage.Instance);
        _reposRoot = Path.GetFullPath(reposRoot);
        _pushesRoot = Path.GetFullPath(pushesRoot);
        _isValidToken = isValidToken;
        _onPush = onPush;
        _followLog = followLog;
        _waitResult = waitResult;
        _appExists = appExists ?? (_ => true);
        _logger = logger;
        _git = git;
    }

    /// <summary>Longest a push may wait for its deploy; then the deploy is canceled and the push refused.</summary>
    public TimeSpan FollowTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>hiy is stopping: pushes still waiting for their deploy are refused and the deploys canceled.</summary>
    public CancellationToken Stopping { get; init; }

    private sealed class NoStage : IDisposable
    {
        public static readonly NoStage Instance = new();

        public void Dispose() { }
    }

    public async Task HandleAsync(HttpContext ctx)
    {
        var request = GitRequest.Parse(ctx.Request.Method, ctx.Request.Path.Value ?? "", ctx.Request.Query["service"].ToString());
        if (request is null)
        {
            await NotFound(ctx);
            return;
        }
        // Authentication before the app look-up, so a stranger cannot probe which apps exist.
        if (!Authenticated(ctx, out var why))
        {
            GitLog.AuthFailure(_logger, ClientAddress.Of(ctx), why);
            ctx.Response.Headers.WWWAuthenticate = "Basic realm=\"hiy\", charset=\"UTF-8\"";
            await HttpResults.Problem(ctx, 401, "Authentication required", $"{why}: use the API token as the password");
            return;
        }
        if (!_appExists(request.App))
        {
            await NotFound(ctx);
            return;
        }

        var repo = Path.Combine(_reposRoot, HiyPaths.Segment(request.App + ".git"));
        if (!Directory.Exists(repo))
        {
            if (request.Service != GitService.ReceivePack)
            {
                await HttpResults.Problem(ctx, 404, "Not found", $"app '{request.App}' has no repository yet: push to it first");
                return;
            }
            await CreateRepositoryAsync(request.App, repo, ctx.RequestAborted);
        }
        if (request.Service == GitService.ReceivePack)
            await EnsureHookAsync(repo, ctx.RequestAborted);

        if (ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = MaxPushBytes;

        if (request is { Service: GitService.ReceivePack, Advertisement: false })
            await ReceiveAsync(ctx, request, repo);
        else
            await GitCgiBackend.RunAsync(ctx, _git, _reposRoot, GitEnv, request, null, _logger);
    }

    private async Task ReceiveAsync(HttpContext ctx, GitRequest request, string repo)
    {
        using var relay = await PushRelay.CreateAsync(_pushesRoot, _runner, ctx.RequestAborted);
        using var followCts = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, Stopping);
        followCts.CancelAfter(FollowTimeout);
        var relayTask = RelayAsync(relay, request.App, repo, followCts.Token);
        IReadOnlyList<(string Branch, string Sha)> accepted = [];
        try
        {
            await GitCgiBackend.RunAsync(ctx, _git, _reposRoot, GitEnv, request, relay.Directory, _logger);
        }
        finally
        {
            relay.BackendExited();
            await followCts.CancelAsync();
            var drain = relayTask.IsCompleted ? Task.CompletedTask : relay.DrainLogAsync();
            try
            {
                accepted = await relayTask;
            }
            catch (IOException)
            {
                // The hook is gone and so is the log's reader: nothing more to say to anyone.
            }
            await drain;
        }
        await CheckRefsAsync(request.App, repo, accepted);
    }

    /// <summary>
    /// Announcement in, deploy output and verdict out (see <see cref="PushRelay"/>): accepts the push when every
    /// deploy it started succeeded. A deploy whose push ends undecided (the pusher left, hiy stops, the wait
    /// timed out) is canceled, as its commit will not be in the repository. Returns the deployed branches.
    /// </summary>
    private async Task<IReadOnlyList<(string Branch, string Sha)>> RelayAsync(PushRelay relay, string app, string repo, CancellationToken ct)
    {
        var accepted = new List<(string Branch, string Sha)>();
        var verdict = false;
        long? running = null;
        try
        {
            var announcement = await relay.ReadAnnouncementAsync().WaitAsync(ct);
            var quarantine = PushAnnouncement.QuarantineIn(repo, announcement.Quarantine);
            verdict = true;
            foreach (var update in announcement.Updates)
            {
                if (update.Branch is not { } branch)
                {
                    relay.WriteLine($"-----> {update.Ref} is not a branch: nothing to deploy");
                    continue;
                }
                if (update.IsDeletion)
                {
                    relay.WriteLine($"-----> branch '{branch}' deleted: nothing to deploy");
                    continue;
                }
                GitLog.Pushed(_logger, app, update.Ref, update.NewSha);
                // Staged before the deploy is queued: its build may start reading the commit at once.
                using var staged = _stagePush(repo, update.NewSha, quarantine);
                var outcome = await _onPush(app, branch, update.NewSha, ct);
                if (outcome.DeployId is not { } id)
                {
                    relay.WriteLine("-----> " + (outcome.Message ?? $"branch '{branch}' is not deployed"));
                    continue;
                }
                running = id;
                relay.WriteLine($"-----> Deploying {app} at {update.NewSha[..Math.Min(12, update.NewSha.Length)]} (deploy {id})");
                await foreach (var line in _followLog(id, ct).WithCancellation(ct))
                    relay.WriteLine(line);
                var result = await _waitResult(id, ct);
                running = null;
                if (!result.Succeeded)
                {
                    relay.WriteLine($" !     deploy {id} failed{(result.Detail is null ? "" : ": " + result.Detail)}");
                    relay.WriteLine($" !     push refused: {branch} stays where it was; fix it and push again");
                    verdict = false;
                    break;
                }
                relay.WriteLine($"-----> {app} is live at {result.Url}");
                accepted.Add((branch, update.NewSha));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            verdict = running is { } id && await EndedLiveAnywayAsync(app, id);
            if (!verdict)
                relay.WriteLine(Stopping.IsCancellationRequested
                    ? " !     hiy is stopping: the deploy is canceled and the push refused; push again when hiy is back"
                    : $" !     no result after {FollowTimeout.TotalMinutes:0} minutes: the deploy is canceled and the push refused");
            else
                relay.WriteLine($"-----> deploy {running} ended live before the push could be refused");
        }
        catch (Exception e) when (e is not IOException)
        {
            GitLog.RelayFailed(_logger, e, app);
            verdict = running is { } id && await EndedLiveAnywayAsync(app, id);
            relay.WriteLine(" !     hiy could not follow the deploy: " + e.Message);
        }
        finally
        {
            // The verdict can fail to arrive only when the hook is gone; then git refuses the push anyway.
            try { relay.WriteStatus(verdict); } catch (IOException) { }
            relay.CloseLog();
        }
        return verdict ? accepted : [];
    }

    /// <summary>Cancels a deploy the push no longer waits for; true when it had already ended live.</summary>
    private async Task<bool> EndedLiveAnywayAsync(string app, long id)
    {
        if (_cancelDeploy(id))
        {
            GitLog.DeployCanceled(_logger, app, id);
            return false;
        }
        try
        {
            // Not running any more: it ended just now, or is ending. Its record says how.
            return (await _waitResult(id, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10))).Succeeded;
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// After an accepted push, each deployed branch should be at its deployed commit. When git could not update
    /// the ref after all (a concurrent push won, the disk filled), the app would run a commit the repository does
    /// not have: deploy what the branch holds instead.
    /// </summary>
    private async Task CheckRefsAsync(string app, string repo, IReadOnlyList<(string Branch, string Sha)> accepted)
    {
        foreach (var (branch, sha) in accepted)
        {
            var head = await _runner.RunAsync(_git, ["--git-dir=" + repo, "rev-parse", "-q", "--verify", "refs/heads/" + branch + "^{commit}"],
                environment: GitEnv, timeout: TimeSpan.FromMinutes(1));
            var now = head.Succeeded ? head.StdOut.Trim() : null;
            if (now == sha)
                continue;
            GitLog.RefNotUpdated(_logger, app, branch, sha, now ?? "(none)");
            if (now is { Length: 40 } && !Stopping.IsCancellationRequested)
                await _onPush(app, branch, now, CancellationToken.None);
        }
    }

    private static Task NotFound(HttpContext ctx) =>
        HttpResults.Problem(ctx, 404, "Not found", $"'{ctx.Request.Path}' is not a git repository of an app on this hiy");

    private bool Authenticated(HttpContext ctx, out string why)
    {
        why = "no credentials";
        var header = ctx.Request.Headers.Authorization.ToString();
        if (header.Length == 0)
            return false;
        why = "bad credentials";
        if (!AuthenticationHeaderValue.TryParse(header, out var auth)
            || !auth.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) || auth.Parameter is null)
            return false;
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth.Parameter));
        }
        catch (FormatException)
        {
            return false;
        }
        var colon = decoded.IndexOf(':');
        return colon >= 0 && _isValidToken(decoded[(colon + 1)..]);
    }

    private async Task CreateRepositoryAsync(string app, string repo, CancellationToken ct)
    {
        Directory.CreateDirectory(_reposRoot);
        var result = await _runner.RunAsync(_git, ["init", "--quiet", "--bare", "--initial-branch=main", "--", repo],
            environment: GitEnv, timeout: TimeSpan.FromMinutes(1), cancellationToken: ct);
        if (!result.Succeeded)
            throw new IOException($"app '{app}': git init --bare: {result.StdErr.Trim()}");
        GitLog.RepoCreated(_logger, app);
    }

    /// <summary>
    /// Writes the pre-receive hook when it is missing or from an older hiy, and removes the post-receive hook
    /// older versions deployed from (after the refs had moved, so a failed deploy still "succeeded" the push).
    /// </summary>
    private static async Task EnsureHookAsync(string repo, CancellationToken ct)
    {
        var hooks = Path.Combine(repo, "hooks");
        var hook = Path.Combine(hooks, PushRelay.HookName);
        File.Delete(Path.Combine(hooks, PushRelay.OldHookName));
        if (File.Exists(hook) && await File.ReadAllTextAsync(hook, ct) == PushRelay.HookScript)
            return;
        Directory.CreateDirectory(hooks);
        var temp = hook + ".tmp";
        await File.WriteAllTextAsync(temp, PushRelay.HookScript, ct);
        File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.Move(temp, hook, overwrite: true);
    }

    private static readonly Dictionary<string, string?> GitEnv = new(StringComparer.Ordinal)
    {
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
    };
}
