// hiy's proxy pipeline alone, wired as `hiy serve` wires it, for scripts/bench-proxy.sh:
//   ProxyBenchHost --http-port P --https-port S --backend-port B --cert C.pem --key K.pem [--access-log]
// Every host (including 127.0.0.1) routes to the one app "app" on 127.0.0.1:B.
using System.Security.Cryptography.X509Certificates;
using Hiy.Proxy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

var settings = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--access-log")
        settings["access-log"] = "1";
    else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
        settings[args[i][2..]] = args[++i];
}
int Port(string key) => int.Parse(settings[key], System.Globalization.CultureInfo.InvariantCulture);

var options = new ProxyOptions
{
    Bind = "127.0.0.1",
    HttpPort = Port("http-port"),
    HttpsPort = settings.ContainsKey("https-port") ? Port("https-port") : 0,
};
// The bench certificate is the fallback, so the HTTP listener never redirects and every SNI gets it.
using var certificate = X509Certificate2.CreateFromPemFile(settings["cert"], settings["key"]);

// Kestrel's options are resolved inside builder.Build(), so the module must exist before it.
using var loggers = LoggerFactory.Create(b =>
{
    if (settings.ContainsKey("access-log"))
        b.AddSimpleConsole().SetMinimumLevel(LogLevel.Information);
});
using var proxy = new ProxyModule(options, "bench.test", certificate, loggers.CreateLogger("Hiy.Proxy"), TimeProvider.System);
proxy.UpdateRoutes(new RouteInputs("bench.test", [new AppInput("app", Port("backend-port"), ["127.0.0.1"])], []));

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(proxy.ConfigureKestrel);
var app = builder.Build();
app.Use(proxy.InvokeAsync);
app.Run(context => context.Response.WriteAsync("control"));
app.Run();
