namespace Hiy.Config;

/// <summary>
/// The outcome of loading settings: a config when there are no errors, and every warning and error
/// found (validation collects them all so they can be shown at once, DESIGN.md rule 4).
/// </summary>
public sealed record ConfigResult(HiyConfig? Config, IReadOnlyList<string> Warnings, IReadOnlyList<string> Errors)
{
    public bool Ok => Config is not null && Errors.Count == 0;
}
