// hiy's proxy pipeline alone, wired as `hiy serve` wires it, for scripts/bench-proxy.sh:
//   ProxyBenchHost --http-port P --https-port S --backend-port B --cert C.pem --key K.pem [--access-log]
// Every host (including 127.0.0.1) routes to the one app "app" on 127.0.0.1:B.
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Hiy.Proxy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
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

var httpsPort = settings.ContainsKey("https-port") ? Port("https-port") : 0;
var options = new ProxyOptions { HttpsPort = httpsPort };
var routes = new RouteTableHolder(RouteTable.Build(new RouteInputs(
    "bench.test", [new AppInput("app", Port("backend-port"), ["127.0.0.1", "localhost.localdomain"])], [])));
// The bench certificate is the fallback, so the HTTP listener never redirects and every SNI gets it.
using var certificate = X509Certificate2.CreateFromPemFile(settings["cert"], settings["key"]);
var certificates = new CertificateStore(CertificateMap.Build(certificate, []));

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
if (settings.ContainsKey("access-log"))
    builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Information);
builder.WebHost.ConfigureKestrel(k =>
{
    ProxyKestrel.ApplyLimits(k, options);
    k.Listen(IPAddress.Loopback, Port("http-port"));
    if (httpsPort > 0)
        k.Listen(IPAddress.Loopback, httpsPort, listen => listen.UseHiyHttps(certificates));
});
var app = builder.Build();
var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Hiy.Proxy");
using var forwarder = new HttpForwarder(options, logger);
var pipeline = new ProxyPipeline(routes, certificates, new ChallengeResponder(), forwarder,
    new StaticSiteServer(options, logger), options, logger, TimeProvider.System);
app.Use(pipeline.InvokeAsync);
app.Run(context => context.Response.WriteAsync("control"));
app.Run();
