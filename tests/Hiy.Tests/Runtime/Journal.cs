namespace Hiy.Tests.Runtime;

/// <summary>The order of what happened, as one list both fakes write to.</summary>
internal sealed class Journal
{
    private readonly Lock _lock = new();
    private readonly List<string> _entries = [];

    public void Add(string entry) { lock (_lock) _entries.Add(entry); }

    public IReadOnlyList<string> Entries { get { lock (_lock) return [.. _entries]; } }

    public int IndexOf(string entry) { lock (_lock) return _entries.IndexOf(entry); }
}
