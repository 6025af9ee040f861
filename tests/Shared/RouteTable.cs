using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Hiy.Tests.Routes;

/// <summary>
/// Every route a running hiy maps, read from its <see cref="EndpointDataSource"/> (not a hand list), so fuzzing and
/// security checks cover a route the day it is added.
/// </summary>
public static class RouteTable
{
    public sealed record Route(string Method, string Pattern)
    {
        /// <summary>The pattern with each <c>{param}</c> (or <c>{**rest}</c>) filled by <paramref name="fill"/>.</summary>
        public string Path(Func<string, string> fill)
        {
            var parts = Pattern.Split('/');
            for (var i = 0; i < parts.Length; i++)
            {
                if (parts[i].StartsWith('{') && parts[i].EndsWith('}'))
                    parts[i] = fill(parts[i].Trim('{', '}', '*'));
            }
            return string.Join('/', parts);
        }
    }

    public static IReadOnlyList<Route> Of(IServiceProvider services)
    {
        var routes = new List<Route>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText ?? "";
            if (!pattern.StartsWith('/'))
                pattern = "/" + pattern;
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST", "PUT", "DELETE"];
            foreach (var method in methods)
                routes.Add(new Route(method, pattern));
        }
        return [.. routes.Distinct().OrderBy(r => r.Pattern, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)];
    }
}
