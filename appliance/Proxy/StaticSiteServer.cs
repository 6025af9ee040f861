using System.Globalization;
using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Hiy.Proxy;

/// <summary>
/// Serves a static site's files: content types, ETag/Last-Modified with 304s, brotli/gzip (precompressed
/// ".br"/".gz" siblings first, else on the fly), index.html for directories, never a listing, and never a
/// file reached through a symlink that leaves the version's root.
/// </summary>
public sealed class StaticSiteServer(ProxyOptions options, ILogger logger)
{
    public async Task ServeAsync(HttpContext context, SiteRoute site)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            context.Response.Headers.Allow = "GET, HEAD";
            await ErrorPages.WriteAsync(context, 405, "Method not allowed", "Static sites answer GET and HEAD only.");
            return;
        }
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.ToUriComponent();
        var q = rawTarget.IndexOf('?');
        var rawPath = q < 0 ? rawTarget : rawTarget[..q];
        var resolved = StaticPathResolver.Resolve(site, rawPath);
        switch (resolved.Kind)
        {
            case StaticPathKind.Redirect:
                Redirect(context, resolved.RedirectTo);
                return;
            case StaticPathKind.NotFound:
                await ErrorPages.NotFoundAsync(context);
                return;
        }

        var file = FindFile(resolved.Root, resolved.FullPath);
        if (file is null)
        {
            await ErrorPages.NotFoundAsync(context);
            return;
        }
        if (file.Value.IsDirectory)
        {
            if (!rawPath.EndsWith('/'))
            {
                Redirect(context, rawPath + "/");
                return;
            }
            file = FindFile(resolved.Root, Path.Combine(resolved.FullPath, "index.html"));
            if (file is null || file.Value.IsDirectory)
            {
                await ErrorPages.NotFoundAsync(context);
                return;
            }
        }
        try
        {
            await SendAsync(context, file.Value.Path, resolved.IsVersioned);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ProxyLog.SiteFailed(logger, site.Site, e.Message);
            await ErrorPages.NotFoundAsync(context);
        }
    }

    private async Task SendAsync(HttpContext context, string path, bool versioned)
    {
        var info = new FileInfo(path);
        var (type, compressible) = ContentTypes.For(path);
        var response = context.Response;
        var lastModified = new DateTimeOffset(info.LastWriteTimeUtc);
        lastModified = lastModified.AddTicks(-(lastModified.Ticks % TimeSpan.TicksPerSecond));

        string? encoding = null;
        string sendPath = path;
        long? sendLength = info.Length;
        var compress = compressible && info.Length >= options.CompressMinBytes;
        if (compress)
        {
            response.Headers.Vary = HeaderNames.AcceptEncoding;
            var accepted = AcceptEncoding.Choose(context.Request.Headers.AcceptEncoding);
            if (accepted is not null)
            {
                var precompressed = new FileInfo(path + (accepted == "br" ? ".br" : ".gz"));
                if (precompressed.Exists && !precompressed.Attributes.HasFlag(FileAttributes.ReparsePoint))
                {
                    encoding = accepted;
                    sendPath = precompressed.FullName;
                    sendLength = precompressed.Length;
                }
                else if (info.Length <= options.CompressMaxBytes)
                {
                    encoding = accepted;
                    sendLength = null;
                }
            }
        }

        var etag = EntityTag.For(info.Length, lastModified, encoding);
        response.Headers.ETag = etag;
        response.Headers.LastModified = lastModified.ToString("R", CultureInfo.InvariantCulture);
        // Versions under /v/ never change once uploaded; the active root changes on every activation.
        response.Headers.CacheControl = versioned ? "public, max-age=3600" : "no-cache";
        if (NotModified(context.Request, etag, lastModified))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = type;
        if (encoding is not null)
            response.Headers.ContentEncoding = encoding;
        if (sendLength is { } length)
            response.ContentLength = length;
        if (encoding is null)
        {
            response.Headers.AcceptRanges = "bytes";
            var ifRange = context.Request.Headers.IfRange.ToString();
            var range = ifRange.Length == 0 || ifRange == etag
                ? ByteRange.Parse(context.Request.Headers.Range.ToString(), info.Length)
                : new ByteRange(ByteRangeKind.Whole);
            if (range.Kind == ByteRangeKind.Unsatisfiable)
            {
                response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                response.Headers.ContentRange = "bytes */" + info.Length.ToString(CultureInfo.InvariantCulture);
                response.ContentLength = 0;
                response.ContentType = null;
                return;
            }
            if (range.Kind == ByteRangeKind.Partial)
            {
                response.StatusCode = StatusCodes.Status206PartialContent;
                response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {range.Start}-{range.Start + range.Length - 1}/{info.Length}");
                response.ContentLength = range.Length;
                if (!HttpMethods.IsHead(context.Request.Method))
                    await SendFileAsync(response, path, range.Start, range.Length, context.RequestAborted);
                return;
            }
        }
        if (HttpMethods.IsHead(context.Request.Method))
            return;

        if (encoding is null || sendLength is not null)
        {
            await SendFileAsync(response, sendPath, 0, sendLength, context.RequestAborted);
            return;
        }
        await using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using Stream encoder = encoding == "br"
            ? new BrotliStream(response.Body, CompressionLevel.Fastest, leaveOpen: true)
            : new GZipStream(response.Body, CompressionLevel.Fastest, leaveOpen: true);
        await source.CopyToAsync(encoder, 16 * 1024, context.RequestAborted);
    }

    /// <summary>Files up to this size are read straight into the response (<see cref="SendFileAsync"/>).</summary>
    internal const long DirectReadMaxBytes = 64 * 1024;

    /// <summary>
    /// Sends <paramref name="length"/> bytes of the file from <paramref name="offset"/> (to its end when null).
    /// Kestrel has no sendfile(2): its SendFileAsync opens a 64 KB-buffered asynchronous FileStream per request, whose
    /// reads hop through the thread pool. A small file (most of a static site) is read with positional reads into the
    /// response's own buffers instead; larger ones still stream through SendFileAsync.
    /// </summary>
    private static async Task SendFileAsync(HttpResponse response, string path, long offset, long? length, CancellationToken ct)
    {
        if (length is not { } count || count > DirectReadMaxBytes)
        {
            await response.SendFileAsync(path, offset, length, ct);
            return;
        }
        var writer = response.BodyWriter;
        using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            var done = 0L;
            while (done < count)
            {
                var memory = writer.GetMemory((int)Math.Min(count - done, 16 * 1024));
                var want = (int)Math.Min(count - done, memory.Length);
                var read = RandomAccess.Read(handle, memory.Span[..want], offset + done);
                // The file shrank since it was measured: what was announced cannot be sent; Kestrel then aborts the
                // response, as SendFileAsync does in that case.
                if (read == 0)
                    throw new IOException($"{path} ended after {done} of {count} bytes");
                writer.Advance(read);
                done += read;
            }
        }
        await writer.FlushAsync(ct);
    }

    private static bool NotModified(HttpRequest request, string etag, DateTimeOffset lastModified)
    {
        // RFC 9110 §13.2.2: If-None-Match wins; If-Modified-Since only counts without it.
        var ifNoneMatch = request.Headers.IfNoneMatch;
        if (ifNoneMatch.Count > 0)
            return EntityTag.NoneMatchHits(ifNoneMatch, etag);
        var ims = request.Headers.IfModifiedSince.ToString();
        return ims.Length > 0
            && DateTimeOffset.TryParseExact(ims, "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since)
            && lastModified <= since;
    }

    private static void Redirect(HttpContext context, string location)
    {
        location = SameHost(location);
        var query = context.Request.QueryString.Value;
        context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
        context.Response.Headers.Location = location + query;
        context.Response.ContentLength = 0;
    }

    /// <summary>
    /// A redirect target that stays on this host: "//evil.example/" (from a folder named "evil.example" asked for as
    /// "//evil.example") is a network-path reference to another host (RFC 3986 §4.2), and browsers read "/\" the same
    /// way; a leading run of slashes and backslashes becomes one slash (issue 13 item 7).
    /// </summary>
    public static string SameHost(string location)
    {
        var i = 0;
        while (i < location.Length && location[i] is '/' or '\\')
            i++;
        return i <= 1 && (location.Length == 0 || location[0] == '/') ? location : "/" + location[i..];
    }

    /// <summary>
    /// Looks <paramref name="fullPath"/> up segment by segment below <paramref name="root"/>, following a
    /// symlink only when its final target stays inside the root. Null when missing or escaping.
    /// </summary>
    internal static (string Path, bool IsDirectory)? FindFile(string root, string fullPath)
    {
        var realRoot = RealDirectory(root);
        if (realRoot is null)
            return null;
        var relative = Path.GetRelativePath(root, fullPath);
        var current = realRoot;
        if (relative != ".")
        {
            foreach (var segment in relative.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                var next = Path.Combine(current, segment);
                var info = new FileInfo(next);
                if (info.LinkTarget is not null)
                {
                    var target = info.ResolveLinkTarget(returnFinalTarget: true);
                    if (target is null || !IsUnder(realRoot, Path.GetFullPath(target.FullName)))
                        return null;
                    next = target.FullName;
                }
                current = next;
            }
        }
        if (Directory.Exists(current))
            return (current, true);
        return File.Exists(current) ? (current, false) : null;
    }

    private static bool IsUnder(string root, string path) =>
        path == root || path.StartsWith(root + "/", StringComparison.Ordinal);

    private static string? RealDirectory(string root)
    {
        var info = new DirectoryInfo(root);
        if (!info.Exists)
            return null;
        var target = info.LinkTarget is null ? info : info.ResolveLinkTarget(returnFinalTarget: true);
        return target is null ? null : Path.GetFullPath(target.FullName).TrimEnd('/');
    }
}
