using System.Runtime.CompilerServices;
using System.Text;

namespace Hiy.Cli.Client;

/// <summary>
/// Reads a text/event-stream (HTML Living Standard §9.2.6 "Interpreting an event stream"): <c>data:</c> lines
/// gather until a blank line dispatches them; <c>event:</c> names the event; comments (<c>:</c>) and <c>id:</c> are skipped.
/// </summary>
public static class SseReader
{
    public static async IAsyncEnumerable<SseEvent> ReadAsync(TextReader reader, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var data = new StringBuilder();
        var hasData = false;
        var name = "message";
        while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                if (hasData)
                    yield return new SseEvent(name, data.ToString());
                data.Clear();
                hasData = false;
                name = "message";
                continue;
            }
            if (line[0] == ':')
                continue;
            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..];
            if (value.StartsWith(' '))
                value = value[1..];
            switch (field)
            {
                case "data":
                    if (hasData)
                        data.Append('\n');
                    data.Append(value);
                    hasData = true;
                    break;
                case "event":
                    name = value;
                    break;
            }
        }
        // A stream cut before its blank line: §9.2.6 drops the pending event.
    }
}
