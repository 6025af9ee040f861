using System.CommandLine;
using System.Text.Json;
using Hiy.Cli.Client;

namespace Hiy.Cli;

/// <summary>
/// One client command's run: the resolved appliance and token, the output, and the top-level catch that turns any
/// failure into one line on stderr with its exit code (never a stack trace).
/// </summary>
public sealed class CliContext : IDisposable
{
    private HiyClient? _client;

    private CliContext(CliEnvironment env, ClientSettings settings, Output output)
    {
        Env = env;
        Settings = settings;
        Out = output;
    }

    public CliEnvironment Env { get; }
    public ClientSettings Settings { get; }
    public Output Out { get; }

    /// <summary>The client for the resolved appliance and token; not logged in is exit 4 with what to run.</summary>
    public HiyClient Client
    {
        get
        {
            if (_client is null)
            {
                var url = Settings.RequireUrl();
                _client = new HiyClient(url, Settings.RequireToken(), Env.Handler());
            }
            return _client;
        }
    }

    /// <summary>A client without a token (login).</summary>
    public HiyClient Anonymous(Uri url) => new(url, null, Env.Handler());

    public static async Task<int> RunAsync(CliOptions options, ParseResult parse, Func<CliContext, ParseResult, CancellationToken, Task<int>> action, CancellationToken ct)
    {
        var env = options.Env;
        try
        {
            var path = ClientConfig.PathFor(env.GetEnv);
            var settings = ClientSettings.Resolve(parse.GetValue(options.Url), parse.GetValue(options.Token), env.GetEnv, ClientConfig.Load(path), path);
            using var context = new CliContext(env, settings, new Output(env, parse.GetValue(options.Json)));
            return await action(context, parse, ct).ConfigureAwait(false);
        }
        catch (CliException e)
        {
            env.Err.WriteLine($"hiy: {e.Message}");
            return e.ExitCode;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            env.Err.WriteLine("hiy: interrupted");
            return ExitCodes.Failed;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException or HttpRequestException)
        {
            // Not expected, but still one line: the reason without the trace.
            env.Err.WriteLine($"hiy: {e.Message}");
            return ExitCodes.Failed;
        }
    }

    public void Dispose() => _client?.Dispose();
}
