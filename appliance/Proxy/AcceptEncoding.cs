using Microsoft.Extensions.Primitives;

namespace Hiy.Proxy;

/// <summary>Picks a content coding from Accept-Encoding (RFC 9110 §12.5.3): br over gzip, honouring q=0.</summary>
public static class AcceptEncoding
{
    public static string? Choose(StringValues header)
    {
        double br = -1, gzip = -1, star = -1;
        foreach (var value in header)
        {
            if (value is null)
                continue;
            foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var semi = part.IndexOf(';');
                var name = (semi < 0 ? part : part[..semi]).Trim();
                var q = 1.0;
                if (semi >= 0)
                {
                    var param = part[(semi + 1)..].Trim();
                    if (param.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
                        && !double.TryParse(param[2..], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out q))
                        q = 0;
                }
                if (name.Equals("br", StringComparison.OrdinalIgnoreCase))
                    br = q;
                else if (name.Equals("gzip", StringComparison.OrdinalIgnoreCase))
                    gzip = q;
                else if (name == "*")
                    star = q;
            }
        }
        if (br < 0)
            br = star;
        if (gzip < 0)
            gzip = star;
        if (br > 0 && br >= gzip)
            return "br";
        return gzip > 0 ? "gzip" : null;
    }
}
