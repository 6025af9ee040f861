using Hiy.Core;
using Microsoft.AspNetCore.Http.Features;

namespace Hiy.Web.Git;

/// <summary>One request through <c>git http-backend</c> (see <see cref="GitHttpEndpoint"/>).</summary>
internal static class GitCgiBackend
{
    /// <summary>git's output kept back while the request body is still arriving (then it streams).</summary>
    private const int MaxHeldBytes = 1 << 20;

    /// <summary>
    /// Runs <c>git http-backend</c> as CGI (RFC 3875): request meta-variables in its environment, the body
    /// on stdin, the header block and body from stdout, streamed (the push output arrives as it is made).
    /// Started in a process group of its own (<see cref="ProcessRunner.StartStreamingInOwnGroup"/>), which is
    /// killed whole when the request ends or is aborted.
    /// </summary>
    public static async Task RunAsync(HttpContext ctx, string git, string reposRoot, IReadOnlyDictionary<string, string?> gitEnv,
        GitRequest request, string? pushDir, ILogger logger)
    {
        var req = ctx.Request;
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            // Inherited git variables would point http-backend at another repository.
            ["GIT_DIR"] = null, ["GIT_WORK_TREE"] = null, ["GIT_INDEX_FILE"] = null, ["GIT_OBJECT_DIRECTORY"] = null,
            [PushRelay.EnvName] = null,
            // No CONTENT_LENGTH, ever: with one, http-backend copies exactly that many bytes to receive-pack and,
            // when stdin ends sooner, loops on read() returning 0 for ever (git 2.39 pipe_fixed_length), at full
            // CPU, even after hiy is gone. Without it git reads to end of file, and hiy passes only the bytes
            // that arrived, so a short body (or hiy's death) is an end of file git handles.
            ["CONTENT_LENGTH"] = null,
        };
        foreach (var (k, v) in gitEnv)
            env[k] = v;
        env["GIT_PROJECT_ROOT"] = reposRoot;
        env["GIT_HTTP_EXPORT_ALL"] = "1";
        env["GATEWAY_INTERFACE"] = "CGI/1.1";
        env["REQUEST_METHOD"] = req.Method;
        env["PATH_INFO"] = request.PathInfo;
        env["QUERY_STRING"] = req.QueryString.HasValue ? req.QueryString.Value![1..] : "";
        env["CONTENT_TYPE"] = req.ContentType ?? "";
        // http-backend enables receive-pack only for an authenticated user (git-http-backend(1)).
        env["REMOTE_USER"] = "hiy";
        env["REMOTE_ADDR"] = ClientAddress.Of(ctx);
        if (req.Headers.ContentEncoding.ToString() is { Length: > 0 } encoding)
            env["HTTP_CONTENT_ENCODING"] = encoding;
        if (req.Headers["Git-Protocol"].ToString() is { Length: > 0 } protocol)
            env["HTTP_GIT_PROTOCOL"] = protocol;
        if (pushDir is not null)
            env[PushRelay.EnvName] = pushDir;

        using var process = ProcessRunner.StartStreamingInOwnGroup(git, ["http-backend"], env);
        var group = process.Id;
        using var reg = ctx.RequestAborted.Register(() => ProcessGroup.Kill(group));
        using var feedCts = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted);

        var feed = FeedAsync(req.Body, process.StandardInput.BaseStream, feedCts.Token);
        var stderr = process.StandardError.ReadToEndAsync(ctx.RequestAborted);
        try
        {
            await RelayOutputAsync(ctx, process.StandardOutput.BaseStream, feed, request.App, () => ProcessGroup.Kill(group));
        }
        finally
        {
            // The request is over: nothing of this group may outlive it (a hook, a receive-pack stuck on input).
            ProcessGroup.Kill(group);
            await feedCts.CancelAsync();
            try { await feed; } catch (Exception e) when (e is IOException or OperationCanceledException) { }
            await process.WaitForExitAsync(CancellationToken.None);
            try
            {
                if ((await stderr).Trim() is { Length: > 0 } text)
                    GitLog.BackendStderr(logger, request.App, text.Length > 2000 ? text[..2000] : text);
            }
            catch (OperationCanceledException) { }
        }
    }

    /// <summary>Copies the body to git's stdin and closes it, also when the body ends early (then rethrows).</summary>
    private static async Task FeedAsync(Stream body, Stream stdin, CancellationToken ct)
    {
        await Task.Yield();
        await using (stdin)
            await body.CopyToAsync(stdin, ct);
    }

    /// <summary>
    /// git's answer to the client. It is held back until the request body has fully arrived, so a body that
    /// ends before its Content-Length can still be answered 400 (http-backend writes its header block before
    /// reading any input); held in memory while it arrives, so git never blocks on a full pipe meanwhile.
    /// </summary>
    private static async Task RelayOutputAsync(HttpContext ctx, Stream stdout, Task feed, string app, Action killGroup)
    {
        var buffer = new byte[64 * 1024];
        var held = new MemoryStream();
        var gitEnded = false;
        Task<int>? read = null;
        while (!feed.IsCompleted && held.Length < MaxHeldBytes)
        {
            read ??= stdout.ReadAsync(buffer, ctx.RequestAborted).AsTask();
            if (await Task.WhenAny(read, feed) != read)
                continue;
            var n = await read;
            read = null;
            if (n == 0)
            {
                // git answered without reading all of the body (e.g. a refused request): its answer stands.
                gitEnded = true;
                break;
            }
            held.Write(buffer, 0, n);
        }

        // git ending first is most often its answer to the stdin hiy closed on a truncated body, an instant
        // before the feed's failure is seen: give that a moment to show, rather than relay git's half answer.
        if (gitEnded && !feed.IsCompleted)
            await Task.WhenAny(feed, Task.Delay(TimeSpan.FromSeconds(1)));
        if (feed is { IsFaulted: true } && feed.Exception!.InnerException is Microsoft.AspNetCore.Http.BadHttpRequestException bad)
        {
            // Body shorter than its Content-Length, too large or too slow: git got only what arrived, and its
            // stdin is closed; end its group rather than wait on what it makes of a truncated pack.
            killGroup();
            await HttpResults.Problem(ctx, bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : 400, "Bad request body",
                $"app '{app}': the request body ended early or broke the limits: {bad.Message}");
            return;
        }

        // Head: the CGI header block, from what is held and, if needed, more of stdout.
        (CgiResponse Response, int BodyStart)? head;
        while ((head = CgiResponse.TryParse(held.GetBuffer().AsSpan(0, (int)held.Length))) is null)
        {
            if (held.Length >= CgiResponse.MaxHeaderBytes)
            {
                await HttpResults.Problem(ctx, 502, "git failed", $"app '{app}': git http-backend sent a header block over {CgiResponse.MaxHeaderBytes} bytes");
                return;
            }
            var n = gitEnded ? 0 : await (read ?? stdout.ReadAsync(buffer, ctx.RequestAborted).AsTask());
            read = null;
            if (n == 0)
            {
                await HttpResults.Problem(ctx, 502, "git failed", $"app '{app}': git http-backend ended without a response");
                return;
            }
            held.Write(buffer, 0, n);
        }
        var (response, bodyStart) = head.Value;
        ctx.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers)
            ctx.Response.Headers.Append(name, value);
        ctx.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await ctx.Response.StartAsync(ctx.RequestAborted);
        if (held.Length > bodyStart)
            await ctx.Response.Body.WriteAsync(held.GetBuffer().AsMemory(bodyStart, (int)held.Length - bodyStart), ctx.RequestAborted);
        await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
        if (gitEnded)
            return;
        int m;
        while ((m = await (read ?? stdout.ReadAsync(buffer, ctx.RequestAborted).AsTask())) > 0)
        {
            read = null;
            await ctx.Response.Body.WriteAsync(buffer.AsMemory(0, m), ctx.RequestAborted);
            // Flush each piece: the push output (sideband "remote:" lines) must reach the pusher live.
            await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
        }
    }
}
