using System.Globalization;
using System.Text.Json;

namespace Hiy.Cli.Commands;

/// <summary>
/// <c>hiy status</c>: the system overview (<c>GET /api/v1/system</c>: board, uptime, CPU, memory, disk, temperature,
/// containers, UPS) as one <c>field: value</c> line each, nested fields dotted, so it reads whatever the appliance reports.
/// </summary>
public static class StatusCommand
{
    public static CliCommand Create(CliOptions options) =>
        new CliCommand("status", "show the appliance's system overview", "hiy status", "hiy status --json").Run(options, async (ctx, _, ct) =>
        {
            var system = await ctx.Client.SendAsync(HttpMethod.Get, "api/v1/system", null, jsonAnswer: true, ct);
            if (ctx.Out.Json)
            {
                ctx.Out.Raw(system.Json);
                return ExitCodes.Ok;
            }
            var rows = new List<string[]>();
            Flatten("", system.Value, rows);
            ctx.Out.Table(["FIELD", "VALUE"], rows);
            return ExitCodes.Ok;
        });

    public static void Flatten(string prefix, JsonElement value, List<string[]> rows)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in value.EnumerateObject())
                    Flatten(prefix.Length == 0 ? p.Name : $"{prefix}.{p.Name}", p.Value, rows);
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in value.EnumerateArray())
                    Flatten($"{prefix}[{(i++).ToString(CultureInfo.InvariantCulture)}]", item, rows);
                break;
            case JsonValueKind.String:
                rows.Add([prefix, value.GetString()!]);
                break;
            case JsonValueKind.Null:
                rows.Add([prefix, "-"]);
                break;
            default:
                rows.Add([prefix, value.GetRawText()]);
                break;
        }
    }
}
