namespace Hiy.Web;

/// <summary>The key a client is throttled and logged under: its remote IP (the proxy is hiy itself).</summary>
public static class ClientAddress
{
    public static string Of(HttpContext ctx) => ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
