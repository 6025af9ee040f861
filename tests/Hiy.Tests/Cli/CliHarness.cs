using System.Net;
using System.Text;
using Hiy.Cli;
using Hiy.Cli.Client;

namespace Hiy.Tests.Cli;

/// <summary>
/// Runs <see cref="HiyCli"/> in-process with captured streams, a scratch HOME and a one-lambda HTTP handler. The
/// default handler records any request, so a parser test can prove a refused line never reached the network.
/// </summary>
internal sealed class CliHarness : IDisposable
{
    private readonly TempDir _home = new();

    public Dictionary<string, string> Env { get; } = new(StringComparer.Ordinal);
    public List<HttpRequestMessage> Requests { get; } = [];
    public List<string> Bodies { get; } = [];
    public Func<HttpRequestMessage, HttpResponseMessage> Respond { get; set; } = _ => new HttpResponseMessage(HttpStatusCode.NotImplemented);
    public string Stdin { get; set; } = "";
    public bool InIsTerminal { get; set; }
    public string Home => _home.Path;

    public CliHarness()
    {
        Env["HOME"] = _home.Path;
        Env["XDG_CONFIG_HOME"] = Path.Combine(_home.Path, ".config");
    }

    public (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var env = new CliEnvironment
        {
            Out = stdout, Err = stderr, In = new StringReader(Stdin),
            GetEnv = k => Env.GetValueOrDefault(k),
            OutIsTerminal = false, ErrIsTerminal = false, InIsTerminal = InIsTerminal,
            ReadSecret = () => Stdin.TrimEnd('\n'),
            HostName = "testbox",
            Handler = () => new Docker.LambdaHandler(async (request, _) =>
            {
                Requests.Add(request);
                Bodies.Add(request.Content is null ? "" : await request.Content.ReadAsStringAsync());
                var response = Respond(request);
                response.RequestMessage = request;
                return response;
            }),
        };
        var code = HiyCli.Run(args, env);
        return (code, stdout.ToString(), stderr.ToString());
    }

    public void LoggedIn(string url = "http://pi.test:8080", string token = "tok-123", long id = 7) =>
        new ClientConfig(url, token, id, "cli@testbox").Save(ClientConfig.PathFor(k => Env.GetValueOrDefault(k)));

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Problem(HttpStatusCode status, string detail) =>
        new(status) { Content = new StringContent($$"""{"type":"about:blank","title":"x","status":{{(int)status}},"detail":"{{detail}}"}""", Encoding.UTF8, "application/problem+json") };

    public static HttpResponseMessage Events(string stream) =>
        new(HttpStatusCode.OK) { Content = new StringContent(stream, Encoding.UTF8, "text/event-stream") };

    public void Dispose() => _home.Dispose();
}
