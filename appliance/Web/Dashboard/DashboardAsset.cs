namespace Hiy.Web.Dashboard;

/// <summary>One file of the dashboard, read once from the binary's resources.</summary>
public sealed record DashboardAsset(string Path, string ContentType, byte[] Body, string ETag);
