namespace Hiy.Proxy;

public enum StaticPathKind
{
    /// <summary><see cref="StaticPath.FullPath"/> is a candidate file or directory under <see cref="StaticPath.Root"/>.</summary>
    Candidate,
    /// <summary>"/v/1.2" → "/v/1.2/".</summary>
    Redirect,
    NotFound,
}

/// <summary>Where a static-site URL points, decided without touching the disk.</summary>
public readonly record struct StaticPath(StaticPathKind Kind, string Root = "", string FullPath = "", string RedirectTo = "", bool IsVersioned = false);
