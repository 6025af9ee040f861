using System.CommandLine;

namespace Hiy.Cli;

/// <summary>The `hiy` command line: `serve` runs the appliance; the rest talks to one over its REST API.</summary>
public static class HiyCli
{
    public static int Run(string[] args)
    {
        var root = new RootCommand("hiy — host it yourself: a self-hosted Heroku for a Raspberry Pi");
        root.Add(ServeCommand.Create());
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
                Console.Error.WriteLine($"hiy: {error.Message}");
            Console.Error.WriteLine("Try 'hiy --help'.");
            return ExitCodes.Usage;
        }
        return parse.Invoke();
    }
}
