namespace Hiy.Ops;

/// <summary>
/// What the low-battery shutdown does besides asking hiy-ops to power off, as delegates the composition root points at
/// the app lifecycle (Ops does not call Builds): stop every running app cleanly (answering the names it stopped), flush
/// the file systems, and at the next start start those apps again (a stopped container stays stopped across a reboot).
/// </summary>
public sealed record UpsShutdownSteps(
    Func<CancellationToken, Task<IReadOnlyList<string>>> StopApps,
    Func<CancellationToken, Task> Sync,
    Func<IReadOnlyList<string>, CancellationToken, Task> StartApps);
