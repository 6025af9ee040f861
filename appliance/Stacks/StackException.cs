namespace Hiy.Stacks;

/// <summary>A deployment's containers could not be run as asked; the message names the deployment, service or image.</summary>
public sealed class StackException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The service it happened to, when one did.</summary>
    public string? Service { get; init; }

    /// <summary>The missing image, when that was the reason.</summary>
    public string? Image { get; init; }
}
