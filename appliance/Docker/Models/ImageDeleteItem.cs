namespace Hiy.Docker.Models;

/// <summary>One line of DELETE /images/{name}: a tag removed or a layer deleted.</summary>
public sealed record ImageDeleteItem
{
    public string? Untagged { get; init; }
    public string? Deleted { get; init; }
}

/// <summary>POST /images/prune.</summary>
public sealed record ImagePruneResponse
{
    public ImageDeleteItem[]? ImagesDeleted { get; init; }
    public long SpaceReclaimed { get; init; }
}
