namespace Hiy.Cli;

/// <summary>The CLI's exit codes (API.md "CLI").</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Usage = 1;
    public const int Failed = 2;
    public const int Unreachable = 3;
    public const int Auth = 4;
}
