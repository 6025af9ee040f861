using System.Text.Json;

namespace Hiy.Docker;

/// <summary>Docker answers errors as <c>{"message": "..."}</c>; this pulls the message out without reflection.</summary>
internal static class DockerErrorMessage
{
    public static string Extract(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
            return "no error message";
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
                return m.GetString()!;
        }
        catch (JsonException)
        {
        }
        return body.Trim();
    }
}
