namespace Hiy.Web;

/// <summary>Pure checks on the raw request target (RFC 9112 §3.2), before Kestrel's normalisation hides them.</summary>
public static class RequestTarget
{
    /// <summary>True when a segment of the path (the query aside) is "." or "..", plain or percent-encoded.</summary>
    public static bool HasDotSegment(string? rawTarget)
    {
        if (string.IsNullOrEmpty(rawTarget))
            return false;
        var path = rawTarget;
        var query = path.IndexOfAny(['?', '#']);
        if (query >= 0)
            path = path[..query];
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length is 0 or > 9)
                continue; // "%2e%2e%2e" is the longest spelling of anything that decodes to at most three dots
            var decoded = Uri.UnescapeDataString(segment);
            if (decoded is "." or "..")
                return true;
        }
        return false;
    }
}
