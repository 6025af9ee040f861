using Tomlyn.Model;
using Tomlyn.Serialization;

namespace Hiy.Config;

/// <summary>
/// Source-generated Tomlyn metadata for the untyped model (DESIGN rule 5): reading into a TomlTable through
/// this context needs no reflection, so the AOT publish stays free of trim warnings.
/// </summary>
[TomlSerializable(typeof(TomlTable))]
internal sealed partial class TomlModelContext : TomlSerializerContext;
