namespace Hiy.Cli.Client;

/// <summary>
/// An expected failure of a client command: its message is the one line printed after <c>hiy: </c>, its
/// code the exit status (<see cref="ExitCodes"/>). Thrown only inside the CLI and caught at its top.
/// </summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static CliException Usage(string message) => new(ExitCodes.Usage, message);

    public static CliException Failed(string message) => new(ExitCodes.Failed, message);
}
