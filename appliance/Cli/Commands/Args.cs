using System.CommandLine;

namespace Hiy.Cli.Commands;

/// <summary>The arguments many commands share, described once.</summary>
internal static class Args
{
    public static Argument<string> App() => new("app") { Description = "the app's name" };

    public static Argument<string> Site() => new("site") { Description = "the static site's name" };

    public static Argument<string> Version() => new("version") { Description = "the site version, e.g. 0.4.0" };

    /// <summary>The path of an app's resource: the name escaped, so a strange argument reaches the API's own check.</summary>
    public static string AppPath(string app, string rest = "") => $"api/v1/apps/{Client.HiyClient.Segment(app)}{rest}";

    public static Argument<string> BackupId() => new("id") { Description = "the backup's id (from hiy backup:ls)" };

    public static Option<bool> PassphraseStdin(string description) => new("--passphrase-stdin") { Description = description };

    /// <summary>The first line of stdin, as a passphrase; an empty one is a usage error.</summary>
    public static string ReadPassphrase(CliContext ctx) =>
        ctx.Env.In.ReadLine() is { Length: > 0 } line ? line : throw new Client.CliException(ExitCodes.Usage, "--passphrase-stdin: stdin gave no passphrase");
}
