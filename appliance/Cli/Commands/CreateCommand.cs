using System.CommandLine;
using Hiy.Cli.Client;
using Hiy.Web.Api;

namespace Hiy.Cli.Commands;

/// <summary><c>hiy create &lt;app&gt;</c>: a new app, optionally tracking a git repository.</summary>
public static class CreateCommand
{
    public static CliCommand Create(CliOptions options)
    {
        var app = Args.App();
        var repo = new Option<string?>("--repo") { Description = "git repository to build from (else push to the app's git URL)" };
        var branch = new Option<string?>("--branch") { Description = "branch that deploys (default main)" };
        var port = new Option<int?>("--port") { Description = "port the app listens on, given to it as $PORT (default 8080)" };
        var memory = new Option<int?>("--memory") { Description = "memory limit in MB (default 512)" };
        var cpus = new Option<double?>("--cpus") { Description = "CPU limit, e.g. 0.5 (default 0.5)" };
        var command = new CliCommand("create", "create an app",
            "hiy create blog",
            "hiy create blog --repo https://github.com/me/blog.git --branch main",
            "hiy create api --port 3000 --memory 256 --cpus 1")
        { app, repo, branch, port, memory, cpus };
        return command.Run(options, async (ctx, parse, ct) =>
        {
            var request = new AppRequest
            {
                Name = parse.GetValue(app), RepoUrl = parse.GetValue(repo), Branch = parse.GetValue(branch),
                Port = parse.GetValue(port), MemoryMb = parse.GetValue(memory), Cpus = parse.GetValue(cpus),
            };
            var created = await ctx.Client.SendJsonAsync(HttpMethod.Post, "api/v1/apps", request,
                ClientJsonContext.Default.AppRequest, ClientJsonContext.Default.AppView, ct);
            if (ctx.Out.Json)
            {
                ctx.Out.Raw(created.Json);
                return ExitCodes.Ok;
            }
            ctx.Out.Line($"created {created.Value.Name}: {ctx.Out.Bold(created.Value.Url)}");
            if (created.Value.RepoUrl is null)
                ctx.Out.Line($"push to deploy: hiy git-remote {created.Value.Name} --add && git push hiy {created.Value.Branch}");
            return ExitCodes.Ok;
        });
    }
}
