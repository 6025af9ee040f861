using Hiy.Runtime;
using Hiy.Store;

namespace Hiy.Builds;

/// <summary>What a deploy left unfinished by a crash really was, decided from the store alone.</summary>
public enum DeployFate
{
    /// <summary>It had swapped in: the app's current deploy is this one, so it is live and succeeded.</summary>
    Live,
    /// <summary>It never went live; reaped as failed "abandoned" (DESIGN.md rule 7).</summary>
    Abandoned,
}

/// <summary>
/// The start-up decisions after hiy stopped, cleanly or by kill -9, in pure functions: which unfinished deploy
/// went live, what an app left "building" is now, and which of hiy's containers are retired. No build runs at
/// start-up, so nothing of a build in progress can be in use.
/// </summary>
public static class RecoveryPlan
{
    /// <summary>
    /// A deploy is live exactly when the swap recorded it as the app's current deploy: the swap writes the
    /// current deploy and the route in one step, and everything after it (the deploy's own record, pruning)
    /// is bookkeeping a crash can cut off.
    /// </summary>
    public static DeployFate FateOf(DeployRecord deploy, AppRecord? app) =>
        app is { CurrentDeployId: { } current } && current == deploy.Id ? DeployFate.Live : DeployFate.Abandoned;

    /// <summary>
    /// An app left <c>building</c> has no build running any more: it is running when a deploy serves it (the
    /// runtime's reconcile then checks the container), else failed. Null: the status stands.
    /// </summary>
    public static (AppStatus Status, string Detail)? StatusAfterRestart(AppRecord app) => app.Status switch
    {
        AppStatus.Building when app.CurrentDeployId is { } serving =>
            (AppStatus.Running, $"deploy {serving} serving; the deploy in progress stopped when hiy did"),
        AppStatus.Building => (AppStatus.Failed, "the deploy in progress stopped when hiy did"),
        _ => null,
    };

    /// <summary>
    /// hiy's containers to retire: every container of one of these apps except the one of its current deploy
    /// (none for an app whose current deploy is a static site). A new container caught in its health check, an
    /// old one inside its retire grace, a leftover of a failed start: all go. Containers of apps this hiy does
    /// not know are not its to touch (another hiy may share the engine).
    /// </summary>
    public static IReadOnlyList<ObservedContainer> ContainersToRetire(IReadOnlyList<AppRecord> apps, IReadOnlyList<ObservedContainer> containers)
    {
        var byName = apps.ToDictionary(a => a.Name, StringComparer.Ordinal);
        return containers.Where(c => byName.TryGetValue(c.App, out var app)
            && (app.StaticVersion is not null || app.CurrentDeployId != c.DeployId)).ToList();
    }
}
