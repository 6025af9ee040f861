using System.Text;

namespace Hiy.Web.Git;

/// <summary>The header block a CGI program writes before its body (RFC 3875 §6): <c>Status:</c> and the rest.</summary>
public sealed record CgiResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public const int MaxHeaderBytes = 64 * 1024;

    /// <summary>
    /// Finds the end of the header block in <paramref name="buffer"/>: returns the parsed headers and the
    /// offset where the body starts, or null when the block is not complete yet.
    /// </summary>
    public static (CgiResponse Response, int BodyStart)? TryParse(ReadOnlySpan<byte> buffer)
    {
        var end = -1;
        var bodyStart = -1;
        for (var i = 0; i < buffer.Length; i++)
        {
            if (buffer[i] != '\n')
                continue;
            // A blank line: "\n\n" or "\r\n\r\n" (CGI allows either newline).
            if (i + 1 < buffer.Length && buffer[i + 1] == '\n') { end = i; bodyStart = i + 2; break; }
            if (i + 2 < buffer.Length && buffer[i + 1] == '\r' && buffer[i + 2] == '\n') { end = i; bodyStart = i + 3; break; }
        }
        if (end < 0)
            return null;

        var status = 200;
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var raw in Encoding.Latin1.GetString(buffer[..end]).Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var colon = line.IndexOf(':');
            if (colon <= 0)
                continue;
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                var space = value.IndexOf(' ');
                if (int.TryParse(space < 0 ? value : value[..space], System.Globalization.NumberStyles.None,
                        System.Globalization.CultureInfo.InvariantCulture, out var code) && code is >= 100 and <= 599)
                    status = code;
            }
            else
            {
                headers.Add(new(name, value));
            }
        }
        return (new CgiResponse(status, headers), bodyStart);
    }
}
