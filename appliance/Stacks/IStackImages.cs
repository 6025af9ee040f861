using Hiy.Docker;

namespace Hiy.Stacks;

/// <summary>Makes sure a service's image is there before anything of a deployment starts.</summary>
public interface IStackImages
{
    /// <summary>Returns when <paramref name="image"/> can be run; throws <see cref="StackException"/> naming it otherwise.</summary>
    Task EnsureAsync(string image, CancellationToken ct);
}

/// <summary>
/// For now only images already on this machine: hiy does not pull yet, so a missing one is refused with its name
/// rather than left for <c>docker create</c> to fail on half-way through a stack.
/// </summary>
public sealed class LocalStackImages(DockerClient docker) : IStackImages
{
    public async Task EnsureAsync(string image, CancellationToken ct)
    {
        if (!await docker.ImageExistsAsync(image, ct).ConfigureAwait(false))
            throw new StackException($"image '{image}' is not on this machine (hiy does not pull images yet; build or load it first)") { Image = image };
    }
}
