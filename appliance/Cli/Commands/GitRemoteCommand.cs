using System.CommandLine;
using Hiy.Cli.Client;
using Hiy.Core;

namespace Hiy.Cli.Commands;

/// <summary>
/// <c>hiy git-remote &lt;app&gt; [--add]</c>: the app's git URL; with --add it becomes a remote of the repository here, and
/// git is told to ask this hiy for the password (<c>hiy git-credential</c>), so <c>git push hiy main</c> needs no typing
/// and the token is never written into <c>.git/config</c>.
/// </summary>
public static class GitRemoteCommand
{
    public static CliCommand Create(CliOptions options)
    {
        var app = Args.App();
        var add = new Option<bool>("--add") { Description = "add (or update) the remote in the git repository of the current directory" };
        var remote = new Option<string>("--remote", "-r") { Description = "the remote's name", DefaultValueFactory = _ => "hiy" };
        var command = new CliCommand("git-remote", "print an app's git URL, or add it as a remote",
            "hiy git-remote blog", "hiy git-remote blog --add && git push hiy main", "hiy git-remote blog --add --remote pi") { app, add, remote };
        return command.Run(options, async (ctx, parse, ct) =>
        {
            var name = parse.GetValue(app)!;
            // The app must exist: a remote to nothing would only fail at the first push.
            var view = await ctx.Client.GetAsync(Args.AppPath(name), ClientJsonContext.Default.AppView, ct);
            // An appliance from before git_url was on the app object: the same URL, built as it builds it.
            var url = view.Value.GitUrl ?? new Uri(ctx.Client.BaseUrl, $"git/{name}.git").ToString();
            if (!parse.GetValue(add))
            {
                ctx.Out.Line(url);
                return ExitCodes.Ok;
            }
            var remoteName = parse.GetValue(remote)!;
            var git = new ProcessRunner();
            async Task<ProcessResult> Git(params string[] args)
            {
                try
                {
                    return await git.RunAsync("git", args, Environment.CurrentDirectory, timeout: TimeSpan.FromSeconds(30), cancellationToken: ct);
                }
                catch (Exception e) when (e is ProcessRunException or System.ComponentModel.Win32Exception)
                {
                    throw CliException.Failed($"git: {e.Message}");
                }
            }
            var exists = (await Git("remote", "get-url", remoteName)).Succeeded;
            var set = await Git("remote", exists ? "set-url" : "add", remoteName, url);
            if (!set.Succeeded)
                throw CliException.Failed($"git remote {(exists ? "set-url" : "add")} {remoteName}: {set.StdErr.Trim()}");
            // Per-URL helper (gitcredentials(7)): an empty value first resets helpers inherited from other config.
            var key = $"credential.{new Uri(url).GetLeftPart(UriPartial.Authority)}.helper";
            await Git("config", "--local", "--unset-all", key);
            await Git("config", "--local", "--add", key, "");
            var helper = await Git("config", "--local", "--add", key, $"!{ctx.Env.SelfCommand} git-credential");
            if (!helper.Succeeded)
                throw CliException.Failed($"git config {key}: {helper.StdErr.Trim()}");
            ctx.Out.Line($"remote '{remoteName}' → {url} (push with: git push {remoteName} {view.Value.Branch})");
            return ExitCodes.Ok;
        });
    }
}
