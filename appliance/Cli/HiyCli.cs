namespace Hiy.Cli;

/// <summary>The `hiy` command line: `serve` runs the appliance; the rest talks to one over its REST API.</summary>
public static class HiyCli
{
    public static int Run(string[] args)
    {
        Console.Error.WriteLine("hiy: not wired yet");
        return args.Length == 0 ? 1 : 1;
    }
}
