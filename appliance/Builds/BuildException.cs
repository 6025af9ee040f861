namespace Hiy.Builds;

/// <summary>A build step failed; the message names the app and the step (<c>app 'blog': git clone …: …</c>).</summary>
public sealed class BuildException(string app, string message, Exception? inner = null)
    : Exception($"app '{app}': {message}", inner)
{
    public string App { get; } = app;
}
