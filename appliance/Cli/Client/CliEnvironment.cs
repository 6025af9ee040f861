namespace Hiy.Cli.Client;

/// <summary>
/// Everything a client command touches outside itself: the streams, the environment, whether the streams are
/// terminals, the HTTP handler and the clock. The process's own values by default; tests hand in their own.
/// </summary>
public sealed class CliEnvironment
{
    public TextWriter Out { get; init; } = Console.Out;
    public TextWriter Err { get; init; } = Console.Error;
    public TextReader In { get; init; } = Console.In;
    public Func<string, string?> GetEnv { get; init; } = Environment.GetEnvironmentVariable;
    public bool OutIsTerminal { get; init; } = !Console.IsOutputRedirected;
    public bool ErrIsTerminal { get; init; } = !Console.IsErrorRedirected;
    public bool InIsTerminal { get; init; } = !Console.IsInputRedirected;

    /// <summary>Reads a secret from the terminal without echoing it; only called when <see cref="InIsTerminal"/>.</summary>
    public Func<string> ReadSecret { get; init; } = ReadHidden;

    /// <summary>The handler every <see cref="HiyClient"/> sends through (DESIGN rule 2: a test hands in a fake).</summary>
    public Func<HttpMessageHandler> Handler { get; init; } = () => new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) };

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The machine's name for the token a login creates (<c>cli@laptop</c>).</summary>
    public string HostName { get; init; } = Environment.MachineName;

    /// <summary>How to run this binary again, for the git credential helper that <c>git-remote --add</c> sets up.</summary>
    public string SelfCommand { get; init; } = DefaultSelfCommand();

    private static string ReadHidden()
    {
        var text = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
                break;
            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                    text.Length--;
                continue;
            }
            if (!char.IsControl(key.KeyChar))
                text.Append(key.KeyChar);
        }
        Console.Error.WriteLine();
        return text.ToString();
    }

    private static string DefaultSelfCommand()
    {
        var self = Environment.ProcessPath ?? "hiy";
        // The managed build runs as `dotnet hiy.dll`; the native binary is itself.
        return Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? $"'{self}' '{Path.Combine(AppContext.BaseDirectory, "hiy.dll")}'"
            : $"'{self}'";
    }
}
