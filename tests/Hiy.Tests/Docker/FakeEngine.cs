using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Hiy.Tests.Docker;

/// <summary>
/// A scripted engine behind a <see cref="LambdaHandler"/>: answers <c>/_ping</c> with the API version it is set to
/// (or without the header), <c>/version</c> likewise, and every versioned call with <see cref="Answer"/>; it records
/// each path asked, so a test sees which version prefix the client chose and how often it negotiated.
/// </summary>
internal sealed class FakeEngine
{
    public List<string> Paths { get; } = [];

    /// <summary>What <c>/_ping</c> names in <c>API-Version</c>; null leaves the header out.</summary>
    public string? PingVersion { get; set; } = "1.45";

    /// <summary>What <c>/version</c> names as <c>ApiVersion</c>.</summary>
    public string VersionBody { get; set; } = "1.45";

    /// <summary>When true, the next request fails to connect, as when dockerd is down.</summary>
    public bool Down { get; set; }

    /// <summary>How long <c>/_ping</c> takes to answer, so that concurrent first calls overlap it.</summary>
    public TimeSpan PingDelay { get; set; }

    public Func<HttpRequestMessage, HttpResponseMessage> Answer { get; set; } = _ => Json("[]");

    public int Pings => Paths.Count(p => p == "/_ping");

    public LambdaHandler Handler() => new(async (request, ct) =>
    {
        var path = request.RequestUri!.PathAndQuery;
        lock (Paths)
            Paths.Add(path);
        if (Down)
            throw new HttpRequestException("connect", new SocketException((int)SocketError.ConnectionRefused));
        if (path == "/_ping")
        {
            await Task.Delay(PingDelay, ct);
            var ok = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("OK") };
            if (PingVersion is { } v)
                ok.Headers.Add("API-Version", v);
            return ok;
        }
        if (path == "/version")
            return Json($$"""{"Version":"26.1.5","ApiVersion":"{{VersionBody}}","MinAPIVersion":"1.24"}""");
        return Answer(request);
    });

    public static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
}
