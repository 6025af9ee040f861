namespace Hiy.Stacks;

/// <summary>The order services start in: every dependency before its dependents, ties in file order. Pure.</summary>
public static class StartOrder
{
    /// <summary>Kahn's algorithm, taking the first ready service in file order each step; the spec has no cycle (the parser refused it).</summary>
    public static IReadOnlyList<ComposeService> Of(ComposeSpec spec)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<ComposeService>(spec.Services.Count);
        while (order.Count < spec.Services.Count)
        {
            var next = spec.Services.FirstOrDefault(s => !done.Contains(s.Name) && s.DependsOn.All(d => done.Contains(d.Service)))
                ?? throw new InvalidOperationException("the compose spec has a dependency cycle; ComposeParser refuses those");
            done.Add(next.Name);
            order.Add(next);
        }
        return order;
    }

    /// <summary>The first cycle found, as the services along it ending where it started (<c>web, api, web</c>), or null.</summary>
    public static IReadOnlyList<string>? FindCycle(IReadOnlyList<ComposeService> services)
    {
        var byName = services.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 on the path, 2 finished
        var path = new List<string>();
        List<string>? Visit(string name)
        {
            state[name] = 1;
            path.Add(name);
            foreach (var d in byName[name].DependsOn)
            {
                if (!byName.ContainsKey(d.Service))
                    continue;
                if (state.GetValueOrDefault(d.Service) == 1)
                    return [.. path.Skip(path.IndexOf(d.Service)), d.Service];
                if (state.GetValueOrDefault(d.Service) == 0 && Visit(d.Service) is { } found)
                    return found;
            }
            path.RemoveAt(path.Count - 1);
            state[name] = 2;
            return null;
        }
        foreach (var s in services)
        {
            if (state.GetValueOrDefault(s.Name) == 0 && Visit(s.Name) is { } cycle)
                return cycle;
        }
        return null;
    }
}
