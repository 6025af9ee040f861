using System.Collections;

namespace Hiy.Config.Toml;

/// <summary>
/// A TOML table: keys in document order. Values are <see cref="string"/>, <see cref="long"/>,
/// <see cref="double"/>, <see cref="bool"/>, <see cref="TomlDateTime"/>, <see cref="TomlArray"/>
/// or <see cref="TomlTable"/>.
/// </summary>
public sealed class TomlTable : IEnumerable<KeyValuePair<string, object>>
{
    private readonly Dictionary<string, object> _values = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public int Count => _order.Count;
    public IReadOnlyList<string> Keys => _order;

    public object this[string key] => _values[key];

    public bool ContainsKey(string key) => _values.ContainsKey(key);

    public bool TryGetValue(string key, out object value) => _values.TryGetValue(key, out value!);

    /// <summary>Adds a new key; false when it is already present (the parser turns that into an error).</summary>
    public bool TryAdd(string key, object value)
    {
        if (!_values.TryAdd(key, value))
            return false;
        _order.Add(key);
        return true;
    }

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        foreach (var k in _order)
            yield return new KeyValuePair<string, object>(k, _values[k]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>A TOML array; items are the same value kinds as in <see cref="TomlTable"/>.</summary>
public sealed class TomlArray : List<object>;
