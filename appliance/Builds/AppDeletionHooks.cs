namespace Hiy.Builds;

/// <summary>
/// Per-app state outside the modules Builds may call, which the store's cascade does not reach (a custom domain's
/// certificate held by the proxy): the composition root registers a hook for each, and <see cref="AppService"/>
/// runs them once the app's containers are gone and before its row is deleted.
/// </summary>
public sealed class AppDeletionHooks
{
    private readonly List<Action<string>> _hooks = [];

    public AppDeletionHooks Add(Action<string> hook)
    {
        _hooks.Add(hook);
        return this;
    }

    internal void Run(string app)
    {
        foreach (var hook in _hooks)
            hook(app);
    }
}
