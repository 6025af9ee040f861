using Hiy.Config;

namespace Hiy.Tests.Config;

/// <summary>
/// Broken input must only ever end in positioned errors, never an exception or a crash: every valid
/// toml-test document is cut short at each byte and has each byte replaced by a character that matters
/// to the grammar, then goes through <see cref="TomlDocument"/>.
/// </summary>
public sealed class TomlDocumentRobustnessTests
{
    private static readonly byte[] Replacements = "[]{}=,.\"'\\#\n\r \t0Z_-+:e\u0001\u00ff"u8.ToArray();

    [TomlTestSuiteFact]
    public void Parse_CutAndMutatedSuiteDocuments_GiveOnlyPositionedErrors()
    {
        var dir = TomlTestSuite.Directory;
        if (dir is null)
            Assert.Fail(TomlTestSuite.MissingMessage);
        var random = new Random(20261122); // fixed seed: a failure reproduces
        var failures = new List<string>();
        var runs = 0;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(dir, "valid"), "*.toml", SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(file);
            var name = Path.GetRelativePath(dir, file);
            for (var i = 0; i <= bytes.Length; i++)
            {
                Check(bytes[..i], $"{name} cut at byte {i}");
                if (i == bytes.Length)
                    continue;
                var mutated = (byte[])bytes.Clone();
                mutated[i] = Replacements[random.Next(Replacements.Length)];
                Check(mutated, $"{name} with byte {i} set to 0x{mutated[i]:X2}");
            }
        }
        Assert.True(runs > 0);
        Assert.True(failures.Count == 0, $"{failures.Count} of {runs} broken documents failed badly:\n" + string.Join("\n", failures.Take(20)));

        void Check(byte[] document, string what)
        {
            runs++;
            try
            {
                var result = TomlDocument.Parse(document, "f.toml");
                if (result.Table is null && (result.Errors.Count == 0 || result.Errors.Any(e => e.Line < 1 || e.Column < 1)))
                    failures.Add($"{what}: refused without a positioned error: {string.Join("; ", result.Errors)}");
            }
            catch (Exception e)
            {
                failures.Add($"{what}: {e.GetType().Name}: {e.Message}");
            }
        }
    }
}
