namespace Hiy.Builds;

/// <summary>One thing wrong with a repository's build settings, naming the file and the field.</summary>
public sealed record BuildProblem(string File, string Field, string Message)
{
    public override string ToString() => Field.Length == 0 ? $"{File}: {Message}" : $"{File}: {Field}: {Message}";
}
