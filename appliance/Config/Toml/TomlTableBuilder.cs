namespace Hiy.Config.Toml;

/// <summary>
/// The table rules of TOML 1.0 §Table, §Inline Table and §Array of Tables: which keys and headers may
/// add to which tables. Each table remembers how it came to exist, because that decides what may
/// extend it later.
/// </summary>
internal sealed class TomlTableBuilder(TomlCursor cursor)
{
    private enum Origin
    {
        /// <summary>Created on the way to a deeper header ([a] for [a.b]); may still get its own header once.</summary>
        Implicit,
        /// <summary>Defined by a [header] or as an [[array]] element; never defined again.</summary>
        Header,
        /// <summary>Created by a dotted key (a.b = 1); further dotted keys may add to it, headers may not define it.</summary>
        Dotted,
        /// <summary>An inline table or anything inside one: "fully self-contained", never extended.</summary>
        Inline,
    }

    private readonly Dictionary<TomlTable, Origin> _origins = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<TomlArray> _arraysOfTables = new(ReferenceEqualityComparer.Instance);

    public TomlTable NewRoot() => New(Origin.Header);

    public TomlTable NewInlineTable() => New(Origin.Dotted);

    /// <summary>[a.b.c]: returns the table that the following key/value pairs go into.</summary>
    public TomlTable OpenTable(TomlTable root, IReadOnlyList<TomlKeyPart> key)
    {
        var parent = WalkHeader(root, key);
        var last = key[^1];
        var name = TomlKeyReader.Display(key);
        if (!parent.TryGetValue(last.Name, out var existing))
        {
            var table = New(Origin.Header);
            parent.TryAdd(last.Name, table);
            return table;
        }
        if (existing is TomlTable t)
        {
            switch (_origins[t])
            {
                case Origin.Implicit:
                    // TOML 1.0 §Table: [x.y.z] then [x] is fine: x was only implied.
                    _origins[t] = Origin.Header;
                    return t;
                case Origin.Header:
                    throw Error($"table [{name}] is defined more than once", last);
                case Origin.Dotted:
                    throw Error($"table [{name}] was already defined with dotted keys and cannot get a header", last);
                default:
                    throw Error($"table [{name}] was already defined as an inline table and cannot be extended", last);
            }
        }
        if (existing is TomlArray a && _arraysOfTables.Contains(a))
            throw Error($"[{name}] is an array of tables; add elements with [[{name}]]", last);
        throw Error($"key '{name}' already holds {Kind(existing)}, so [{name}] cannot define it as a table", last);
    }

    /// <summary>[[a.b.c]]: appends a new table to the array of tables and returns it.</summary>
    public TomlTable OpenArrayElement(TomlTable root, IReadOnlyList<TomlKeyPart> key)
    {
        var parent = WalkHeader(root, key);
        var last = key[^1];
        var name = TomlKeyReader.Display(key);
        TomlArray array;
        if (!parent.TryGetValue(last.Name, out var existing))
        {
            array = [];
            _arraysOfTables.Add(array);
            parent.TryAdd(last.Name, array);
        }
        else if (existing is TomlArray a && _arraysOfTables.Contains(a))
        {
            array = a;
        }
        else if (existing is TomlArray)
        {
            // TOML 1.0 §Array of Tables: appending to a statically defined array is an error.
            throw Error($"key '{name}' is a static array (defined with '='); [[{name}]] cannot append to it", last);
        }
        else
        {
            throw Error($"key '{name}' already holds {Kind(existing)}, so [[{name}]] cannot make it an array of tables", last);
        }
        var element = New(Origin.Header);
        array.Add(element);
        return element;
    }

    /// <summary>key = value inside <paramref name="table"/>; the dotted parts create or extend dotted tables.</summary>
    public void SetValue(TomlTable table, IReadOnlyList<TomlKeyPart> key, object value)
    {
        var current = table;
        for (var i = 0; i < key.Count - 1; i++)
        {
            var part = key[i];
            if (!current.TryGetValue(part.Name, out var existing))
            {
                var created = New(Origin.Dotted);
                current.TryAdd(part.Name, created);
                current = created;
                continue;
            }
            var name = TomlKeyReader.Display(key, i + 1);
            current = existing switch
            {
                TomlTable t when _origins[t] == Origin.Dotted => t,
                TomlTable t when _origins[t] == Origin.Inline =>
                    throw Error($"cannot add '{TomlKeyReader.Display(key)}': '{name}' is an inline table, which cannot be extended", part),
                // toml-lang/toml#846: dotted keys cannot reach into a table that a [header] defined or implied.
                TomlTable t => throw Error(_origins[t] == Origin.Implicit
                    ? $"cannot add '{TomlKeyReader.Display(key)}' with a dotted key: table '{name}' was created by a deeper [header]"
                    : $"cannot add '{TomlKeyReader.Display(key)}' with a dotted key: table '{name}' is defined by a [header]", part),
                _ => throw Error($"cannot add '{TomlKeyReader.Display(key)}': '{name}' already holds {Kind(existing)}, not a table", part),
            };
        }
        var last = key[^1];
        if (!current.TryAdd(last.Name, value))
            throw Error($"duplicate key '{TomlKeyReader.Display(key)}'", last);
    }

    /// <summary>Marks a finished inline table, and every table inside it, as closed to further keys.</summary>
    public void Freeze(TomlTable table)
    {
        _origins[table] = Origin.Inline;
        foreach (var (_, value) in table)
            FreezeValue(value);
    }

    private void FreezeValue(object value)
    {
        if (value is TomlTable t)
        {
            Freeze(t);
        }
        else if (value is TomlArray a)
        {
            foreach (var item in a)
                FreezeValue(item);
        }
    }

    /// <summary>Follows all but the last part of a header key, creating implied tables on the way.</summary>
    private TomlTable WalkHeader(TomlTable root, IReadOnlyList<TomlKeyPart> key)
    {
        var current = root;
        for (var i = 0; i < key.Count - 1; i++)
        {
            var part = key[i];
            if (!current.TryGetValue(part.Name, out var existing))
            {
                var created = New(Origin.Implicit);
                current.TryAdd(part.Name, created);
                current = created;
                continue;
            }
            var name = TomlKeyReader.Display(key, i + 1);
            current = existing switch
            {
                TomlTable t when _origins[t] == Origin.Inline =>
                    throw Error($"'{name}' is an inline table, which cannot be extended by [{TomlKeyReader.Display(key)}]", part),
                TomlTable t => t,
                // TOML 1.0 §Array of Tables: a sub-table header refers to the most recent element.
                TomlArray a when _arraysOfTables.Contains(a) => (TomlTable)a[^1],
                TomlArray => throw Error($"'{name}' is a static array (defined with '='), which cannot be extended by [{TomlKeyReader.Display(key)}]", part),
                _ => throw Error($"'{name}' already holds {Kind(existing)}, so it cannot be a table in [{TomlKeyReader.Display(key)}]", part),
            };
        }
        return current;
    }

    private TomlTable New(Origin origin)
    {
        var table = new TomlTable();
        _origins[table] = origin;
        return table;
    }

    private TomlException Error(string reason, TomlKeyPart at) => cursor.Error(reason, at.Pos);

    /// <summary>"an integer", "a string"… for messages about a key that already has a value.</summary>
    internal static string Kind(object value) => value switch
    {
        string => "a string",
        long => "an integer",
        double => "a float",
        bool => "a boolean",
        TomlDateTime => "a date-time",
        TomlArray => "an array",
        TomlTable => "a table",
        _ => "a value",
    };
}
