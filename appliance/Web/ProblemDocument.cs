namespace Hiy.Web;

/// <summary>RFC 7807 problem details, with every validation error listed (field → message).</summary>
public sealed record ProblemDocument(
    string Type,
    string Title,
    int Status,
    string Detail,
    string? Instance = null,
    IReadOnlyDictionary<string, string>? Errors = null,
    DiskSpaceView? Disk = null);

/// <summary>The data disk in a 507 and in /ready: what is usable (the reserve not counted) and what hiy needs.</summary>
public sealed record DiskSpaceView(string Path, long TotalBytes, long FreeBytes, long MinFreeBytes);
