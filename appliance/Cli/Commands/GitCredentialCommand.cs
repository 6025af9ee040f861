using System.CommandLine;

namespace Hiy.Cli.Commands;

/// <summary>
/// <c>hiy git-credential get</c>: git's credential-helper protocol (gitcredentials(7), git-credential(1)). For the
/// appliance this hiy is logged in to it answers the saved token as the password; for any other host, nothing.
/// Hidden: git runs it, people do not.
/// </summary>
public static class GitCredentialCommand
{
    public static CliCommand Create(CliOptions options)
    {
        var operation = new Argument<string>("operation") { Description = "get, store or erase (only get answers)" };
        var command = new CliCommand("git-credential", "git credential helper for the appliance's git URLs") { operation };
        command.Hidden = true;
        return command.Run(options, (ctx, parse, _) =>
        {
            var request = new Dictionary<string, string>(StringComparer.Ordinal);
            while (ctx.Env.In.ReadLine() is { Length: > 0 } line)
            {
                var eq = line.IndexOf('=');
                if (eq > 0)
                    request[line[..eq]] = line[(eq + 1)..];
            }
            if (parse.GetValue(operation) != "get" || ctx.Settings.Url is not { } url || ctx.Settings.Token is not { } token)
                return Task.FromResult(ExitCodes.Ok);
            var host = url.IsDefaultPort ? url.Host : $"{url.Host}:{url.Port}";
            if (request.GetValueOrDefault("protocol") == url.Scheme && string.Equals(request.GetValueOrDefault("host"), host, StringComparison.OrdinalIgnoreCase))
            {
                ctx.Out.Line("username=hiy");
                ctx.Out.Line($"password={token}");
            }
            return Task.FromResult(ExitCodes.Ok);
        });
    }
}
