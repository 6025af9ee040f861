using System.Text.Json.Serialization;

namespace Hiy.Tests.Config;

/// <summary>Source-generated JSON for quoting strings in failure messages (house rule 5, kept in tests too).</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class TaggedJsonContext : JsonSerializerContext;
