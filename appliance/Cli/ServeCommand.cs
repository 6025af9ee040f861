using System.CommandLine;
using System.Globalization;
using Hiy.Config;
using Hiy.Core;
using Hiy.Secrets;
using Hiy.Store;
using Hiy.Web;

namespace Hiy.Cli;

/// <summary><c>hiy serve</c>: runs the appliance until SIGTERM/SIGINT.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = $"TOML settings file (default {HiyConfig.DefaultConfigPath}; absent is fine)" };
        var dataDir = new Option<string?>("--data-dir") { Description = "where hiy keeps its database, keys and builds" };
        var httpPort = new Option<int?>("--http-port") { Description = "HTTP port (default 80)" };
        var httpsPort = new Option<int?>("--https-port") { Description = "HTTPS port (default 443, 0 = off)" };
        var bind = new Option<string?>("--bind") { Description = "IP address to listen on (default: all)" };
        var dockerHost = new Option<string?>("--docker-host") { Description = "Docker Engine socket (default unix:///var/run/docker.sock)" };
        var domain = new Option<string?>("--domain") { Description = "apps are served at <app>.<domain> (default localhost)" };

        var serve = new Command("serve", "run the appliance: web UI, API, proxy, builds") { config, dataDir, httpPort, httpsPort, bind, dockerHost, domain };
        serve.SetAction(parse =>
        {
            var flags = new List<KeyValuePair<string, object>>();
            void Add(string key, string? value) { if (value is not null) flags.Add(new(key, value)); }
            Add("data_dir", parse.GetValue(dataDir));
            Add("http_port", parse.GetValue(httpPort)?.ToString(CultureInfo.InvariantCulture));
            Add("https_port", parse.GetValue(httpsPort)?.ToString(CultureInfo.InvariantCulture));
            Add("bind", parse.GetValue(bind));
            Add("docker_host", parse.GetValue(dockerHost));
            Add("domain", parse.GetValue(domain));
            return Run(parse.GetValue(config), flags);
        });
        return serve;
    }

    private static int Run(string? configPath, List<KeyValuePair<string, object>> flags)
    {
        var env = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => new KeyValuePair<string, string>((string)e.Key, (string?)e.Value ?? ""));
        var result = ServeSettings.Load(configPath, flags, env, Environment.UserName == "root" || Environment.IsPrivilegedProcess);
        foreach (var w in result.Warnings)
            Console.Error.WriteLine($"hiy: warning: {w}");
        if (!result.Ok)
        {
            foreach (var e in result.Errors)
                Console.Error.WriteLine($"hiy: {e}");
            return ExitCodes.Usage;
        }
        try
        {
            return RunAsync(result.Config!).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is StartupException or StoreException or SecretException)
        {
            Console.Error.WriteLine($"hiy: {e.Message}");
            return ExitCodes.Failed;
        }
    }

    private static async Task<int> RunAsync(HiyConfig config)
    {
        using var systemd = new SystemdNotifier(Environment.GetEnvironmentVariable);
        await using var host = ApplianceHost.Build(config);
        await host.StartAsync();
        systemd.Ready($"serving on {string.Join(", ", host.Addresses)}");
        await host.WaitForShutdownAsync();
        systemd.Stopping();
        return ExitCodes.Ok;
    }
}
