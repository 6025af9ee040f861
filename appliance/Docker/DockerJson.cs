using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Hiy.Docker;

/// <summary>Parsing Docker's JSON through the source-generated <see cref="DockerJsonContext"/>, failing with the subject named.</summary>
internal static class DockerJson
{
    public static T Parse<T>(ReadOnlySpan<byte> utf8, JsonTypeInfo<T> typeInfo, string subject)
    {
        try
        {
            return JsonSerializer.Deserialize(utf8, typeInfo)
                ?? throw new DockerApiException($"{subject}: Docker answered null where {typeof(T).Name} was expected");
        }
        catch (JsonException e)
        {
            throw new DockerApiException($"{subject}: unreadable answer from Docker: {e.Message}", null, e);
        }
    }

    /// <summary>A filter map (<c>{"label":["a=b"]}</c>) as Docker's <c>filters</c> query parameter wants it.</summary>
    public static string Filters(IReadOnlyDictionary<string, string[]> filters) =>
        JsonSerializer.Serialize(new Dictionary<string, string[]>(filters), DockerJsonContext.Default.DictionaryStringStringArray);

    public static string Map(IReadOnlyDictionary<string, string> map) =>
        JsonSerializer.Serialize(new Dictionary<string, string>(map), DockerJsonContext.Default.DictionaryStringString);
}
