using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Hiy.Cli;

/// <summary>The standard help, followed by the command's examples (every client command has some).</summary>
internal sealed class HelpWithExamples(HelpAction standard) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        var code = standard.Invoke(parseResult);
        if (parseResult.CommandResult.Command is CliCommand { Examples.Count: > 0 } command)
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Examples:");
            foreach (var example in command.Examples)
                output.WriteLine($"  {example}");
            output.WriteLine();
        }
        return code;
    }
}
