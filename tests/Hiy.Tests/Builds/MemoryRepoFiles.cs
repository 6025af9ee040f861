using System.Text;
using Hiy.Builds;

namespace Hiy.Tests.Builds;

/// <summary>A repository as a dictionary, for the pure detectors.</summary>
public sealed class MemoryRepoFiles(Dictionary<string, string> files) : IRepoFiles
{
    /// <summary>"path=content" pairs; a bare "path" is an empty file.</summary>
    public static MemoryRepoFiles Of(params string[] entries) => new(entries.ToDictionary(
        e => e.Split('=', 2)[0], e => e.Contains('=') ? e.Split('=', 2)[1] : "", StringComparer.Ordinal));

    public bool FileExists(string relativePath) => files.ContainsKey(relativePath);

    public byte[]? ReadFile(string relativePath) =>
        files.TryGetValue(relativePath, out var text) ? Encoding.UTF8.GetBytes(text) : null;
}
