using System.Text.Json.Serialization;

namespace Hiy.Store;

/// <summary>The few JSON-valued columns (e.g. <c>certificates.names</c>), source-generated for AOT.</summary>
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(TemplateConfigFile[]))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
