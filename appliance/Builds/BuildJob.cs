using Hiy.Store;
namespace Hiy.Builds;

/// <summary>The running build handed to the work delegate: its request and the one status it may set itself.</summary>
public sealed class BuildJob
{
    private readonly Action<BuildJob, DeployStatus, string?> _report;

    internal BuildJob(BuildRequest request, Action<BuildJob, DeployStatus, string?> report)
    {
        Request = request;
        _report = report;
    }

    public BuildRequest Request { get; }

    /// <summary>The image is built; the new container is being started and swapped in.</summary>
    public void ReportDeploying(string? detail = null) => _report(this, DeployStatus.Deploying, detail);
}
