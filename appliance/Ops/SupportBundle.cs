using System.Text;
using Hiy.Core;

namespace Hiy.Ops;

/// <summary>One text file of a support bundle.</summary>
public sealed record BundleEntry(string Path, string Text);

/// <summary>
/// Writes a support bundle: a .tar.gz of text files, every one passed through the redactor first, so
/// nothing that hiy knows to be a secret leaves the box in it (the caller collects the secrets).
/// </summary>
public static class SupportBundle
{
    public static async Task WriteAsync(Stream output, IEnumerable<BundleEntry> entries, SecretRedactor redactor, DateTimeOffset at,
        CancellationToken ct)
    {
        await using var archive = new ArchiveWriter(output);
        var root = $"hiy-support-{at:yyyyMMdd'T'HHmmss'Z'}";
        foreach (var entry in entries)
        {
            var bytes = Encoding.UTF8.GetBytes(redactor.Redact(entry.Text));
            await archive.AddFileAsync($"{root}/{entry.Path}", new MemoryStream(bytes), at, ArchiveWriter.FileMode644, ct);
        }
    }
}
