using Hiy.Docker;

namespace Hiy.Tests.Docker;

/// <summary>What one test created, removed (newest first) when the test ends, whether it passed or not.</summary>
public sealed class DockerScope(DockerClient client) : IAsyncDisposable
{
    private readonly Stack<Func<Task>> _cleanups = new();

    public string Container(string id) => Add(id, () => client.RemoveContainerAsync(id, force: true, removeVolumes: true));

    public string Image(string reference) => Add(reference, () => client.RemoveImageAsync(reference, force: true));

    public string Network(string name) => Add(name, () => client.RemoveNetworkAsync(name));

    public string Volume(string name) => Add(name, () => client.RemoveVolumeAsync(name, force: true));

    private string Add(string what, Func<Task> cleanup)
    {
        _cleanups.Push(cleanup);
        return what;
    }

    public async ValueTask DisposeAsync()
    {
        while (_cleanups.TryPop(out var cleanup))
        {
            try
            {
                await cleanup();
            }
            catch (DockerApiException e) when (e.IsNotFound)
            {
                // The test removed it itself.
            }
        }
    }
}
