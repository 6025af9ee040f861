using Hiy.Core;
using Microsoft.AspNetCore.Http.Features;

namespace Hiy.Web.Git;

/// <summary>One request through <c>git http-backend</c> (see <see cref="GitHttpEndpoint"/>).</summary>
internal static class GitCgiBackend
{
    /// <summary>
    /// Runs <c>git http-backend</c> as CGI (RFC 3875): request meta-variables in its environment, the body
    /// on stdin, the header block and body from stdout, streamed (the push output arrives as it is made).
    /// Started through <see cref="ProcessRunner.StartStreaming"/>, the one process gate.
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
        if (req.ContentLength is { } length)
            env["CONTENT_LENGTH"] = length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // http-backend enables receive-pack only for an authenticated user (git-http-backend(1)).
        env["REMOTE_USER"] = "hiy";
        env["REMOTE_ADDR"] = ClientAddress.Of(ctx);
        if (req.Headers.ContentEncoding.ToString() is { Length: > 0 } encoding)
            env["HTTP_CONTENT_ENCODING"] = encoding;
        if (req.Headers["Git-Protocol"].ToString() is { Length: > 0 } protocol)
            env["HTTP_GIT_PROTOCOL"] = protocol;
        if (pushDir is not null)
            env[PushRelay.EnvName] = pushDir;

        using var process = ProcessRunner.StartStreaming(git, ["http-backend"], env);
        using var reg = ctx.RequestAborted.Register(() =>
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        });

        var stdin = FeedAsync(req.Body, process.StandardInput.BaseStream, ctx.RequestAborted);
        var stderr = process.StandardError.ReadToEndAsync(ctx.RequestAborted);
        try
        {
            await RelayOutputAsync(ctx, process.StandardOutput.BaseStream, request.App);
        }
        finally
        {
            try { await stdin; } catch (Exception e) when (e is IOException or OperationCanceledException) { }
            await process.WaitForExitAsync(CancellationToken.None);
            try
            {
                if ((await stderr).Trim() is { Length: > 0 } text)
                    GitLog.BackendStderr(logger, request.App, text.Length > 2000 ? text[..2000] : text);
            }
            catch (OperationCanceledException) { }
        }
    }

    private static async Task FeedAsync(Stream body, Stream stdin, CancellationToken ct)
    {
        await using (stdin)
            await body.CopyToAsync(stdin, ct);
    }

    private static async Task RelayOutputAsync(HttpContext ctx, Stream stdout, string app)
    {
        var buffer = new byte[64 * 1024];
        var filled = 0;
        (CgiResponse Response, int BodyStart)? head = null;
        while (head is null)
        {
            var read = await stdout.ReadAsync(buffer.AsMemory(filled), ctx.RequestAborted);
            if (read == 0)
            {
                await HttpResults.Problem(ctx, 502, "git failed", $"app '{app}': git http-backend ended without a response");
                return;
            }
            filled += read;
            head = CgiResponse.TryParse(buffer.AsSpan(0, filled));
            if (head is null && filled == buffer.Length)
            {
                await HttpResults.Problem(ctx, 502, "git failed", $"app '{app}': git http-backend sent a header block over {CgiResponse.MaxHeaderBytes} bytes");
                return;
            }
        }
        var (response, bodyStart) = head.Value;
        ctx.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers)
            ctx.Response.Headers.Append(name, value);
        ctx.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await ctx.Response.StartAsync(ctx.RequestAborted);
        if (filled > bodyStart)
            await ctx.Response.Body.WriteAsync(buffer.AsMemory(bodyStart, filled - bodyStart), ctx.RequestAborted);
        await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
        int n;
        while ((n = await stdout.ReadAsync(buffer, ctx.RequestAborted)) > 0)
        {
            await ctx.Response.Body.WriteAsync(buffer.AsMemory(0, n), ctx.RequestAborted);
            // Flush each piece: the push output (sideband "remote:" lines) must reach the pusher live.
            await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
        }
    }
}
