using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

// Its own namespace: Hiy.Proxy.RouteTable is the proxy's, and Hiy.Tests.* tests name that one unqualified.
namespace Hiy.Tests.Routes;

/// <summary>One mapped route of a running host: a method and its pattern, with a URL that fills every parameter.</summary>
public sealed record MappedRoute(string Method, string Pattern, string SamplePath)
{
    public override string ToString() => $"{Method} {Pattern}";

    /// <summary>The pattern with each <c>{param}</c> (or <c>{**rest}</c>) filled by <paramref name="fill"/> (the fuzzers' values).</summary>
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

/// <summary>
/// The routes a running hiy really maps, read from its <see cref="EndpointDataSource"/>: a test that walks these
/// covers a route the day it is added, where a hand-written list would silently miss it.
/// </summary>
public static class RouteTable
{
    /// <summary>Every (method, pattern) of the host, sorted; a route mapped for several methods appears once per method.</summary>
    public static IReadOnlyList<MappedRoute> Of(IServiceProvider services)
    {
        var routes = new List<MappedRoute>();
        foreach (var source in services.GetServices<EndpointDataSource>())
        {
            foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
            {
                var pattern = endpoint.RoutePattern;
                var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
                var text = "/" + (pattern.RawText ?? "").TrimStart('/');
                foreach (var method in methods is { Count: > 0 } ? methods : ["GET", "POST", "PUT", "PATCH", "DELETE"])
                    routes.Add(new MappedRoute(method, text, Sample(pattern)));
            }
        }
        return routes.Distinct().OrderBy(r => r.Pattern, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal).ToList();
    }

    /// <summary>A concrete path for a pattern: each parameter gets a harmless value that passes the name gates.</summary>
    public static string Sample(RoutePattern pattern)
    {
        var parts = new List<string>();
        foreach (var segment in pattern.PathSegments)
        {
            var text = "";
            foreach (var part in segment.Parts)
            {
                text += part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart { IsCatchAll: true } => "probe",
                    RoutePatternParameterPart p when p.Name is "id" => "1",
                    RoutePatternParameterPart p when p.Name is "domain" => "probe.example.com",
                    RoutePatternParameterPart => "probe",
                    _ => "",
                };
            }
            parts.Add(text);
        }
        return "/" + string.Join('/', parts);
    }
}
