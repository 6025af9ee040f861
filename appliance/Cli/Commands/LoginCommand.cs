using System.CommandLine;
using System.Globalization;
using Hiy.Cli.Client;
using Hiy.Web.Api;

namespace Hiy.Cli.Commands;

/// <summary>
/// <c>hiy login [URL]</c>: trades the admin password for a token named <c>cli@&lt;host&gt;</c> and saves both in the client
/// config. The password is read without echo from a terminal, else as one line from stdin (scripts, tests).
/// </summary>
public static class LoginCommand
{
    public static CliCommand Create(CliOptions options)
    {
        var url = new Argument<string?>("url") { Description = "the appliance, e.g. http://hiy.local (default: the saved one, --url or HIY_URL)", Arity = ArgumentArity.ZeroOrOne };
        var name = new Option<string?>("--name") { Description = "the token's name (default cli@<this machine>)" };
        var command = new CliCommand("login", "sign in to an appliance and save a token for the other commands",
            "hiy login http://hiy.local", "echo \"$PASSWORD\" | hiy login https://hiy.example.com") { url, name };
        return command.Run(options, async (ctx, parse, ct) =>
        {
            var target = parse.GetValue(url) is { } given ? ClientSettings.ParseUrl(given) : ctx.Settings.RequireUrl();
            string? password;
            if (ctx.Env.InIsTerminal)
            {
                ctx.Env.Err.Write($"Password for {target}: ");
                password = ctx.Env.ReadSecret();
            }
            else
            {
                password = ctx.Env.In.ReadLine();
            }
            if (string.IsNullOrEmpty(password))
                throw CliException.Usage("no password given (type it, or pipe it on stdin)");
            var tokenName = parse.GetValue(name) ?? $"cli@{ctx.Env.HostName}";
            using var client = ctx.Anonymous(target);
            var answer = (await client.SendJsonAsync(HttpMethod.Post, "api/v1/auth/token", new TokenRequest { Password = password, Name = tokenName },
                ClientJsonContext.Default.TokenRequest, ClientJsonContext.Default.TokenResponse, ct)).Value;
            if (string.IsNullOrEmpty(answer.Token))
                throw CliException.Failed($"{target}: the appliance's answer has no token");
            var id = answer.Id;
            var saved = answer.Name ?? tokenName;
            new ClientConfig(target.ToString(), answer.Token, id, saved).Save(ctx.Settings.ConfigPath);
            ctx.Out.Note($"logged in to {target} as {saved}{(id is { } x ? $" (token {x.ToString(CultureInfo.InvariantCulture)})" : "")}; saved in {ctx.Settings.ConfigPath}");
            return ExitCodes.Ok;
        });
    }
}
