using System.Globalization;
using Hiy.Cli.Client;

namespace Hiy.Cli.Commands;

/// <summary>
/// <c>hiy restart|stop|start &lt;app&gt;</c>: one shape, three verbs. A restart is a deploy of the current image, so it
/// waits for that deploy's end; stop and start answer the app at once.
/// </summary>
public static class AppActionCommand
{
    public static CliCommand Create(CliOptions options, string verb)
    {
        var app = Args.App();
        var description = verb switch
        {
            "restart" => "start a new container of the current image, swap it in once healthy",
            "stop" => "stop an app's container (its URL answers 503 'Stopped')",
            _ => "start a stopped app again",
        };
        var command = new CliCommand(verb, description, $"hiy {verb} blog") { app };
        return command.Run(options, async (ctx, parse, ct) =>
        {
            var name = parse.GetValue(app)!;
            if (verb == "restart")
            {
                var deploy = await ctx.Client.SendAsync(HttpMethod.Post, Args.AppPath(name, "/restart"), null, jsonAnswer: true, ct);
                var id = deploy.Value.GetProperty("id").GetInt64();
                ctx.Out.Note($"restarting {name}: deploy {id.ToString(CultureInfo.InvariantCulture)}");
                return await DeployWaiter.WaitAsync(ctx, name, id, printLog: false, ct);
            }
            using var response = await ctx.Client.SendAsync(HttpMethod.Post, Args.AppPath(name, "/" + verb), null, ct);
            var view = await ctx.Client.GetAsync(Args.AppPath(name), ClientJsonContext.Default.AppView, ct);
            if (ctx.Out.Json)
                ctx.Out.Raw(view.Json);
            else
                ctx.Out.Line($"{name}: {ctx.Out.State(view.Value.Status)}");
            return ExitCodes.Ok;
        });
    }
}
