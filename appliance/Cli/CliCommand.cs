using System.CommandLine;
using Hiy.Cli.Client;

namespace Hiy.Cli;

/// <summary>
/// A client command: its examples (shown under <c>--help</c>) and its action, run inside <see cref="CliContext.RunAsync"/>
/// so every failure ends as one line on stderr and its exit code.
/// </summary>
public sealed class CliCommand : Command
{
    public CliCommand(string name, string description, params string[] examples) : base(name, description) => Examples = examples;

    public IReadOnlyList<string> Examples { get; }

    public CliCommand Run(CliOptions options, Func<CliContext, ParseResult, CancellationToken, Task<int>> action)
    {
        SetAction((parse, ct) => CliContext.RunAsync(options, parse, action, ct));
        return this;
    }
}
