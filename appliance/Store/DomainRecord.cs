namespace Hiy.Store;

/// <summary>A row of <c>domains</c>: one custom host name and the app it belongs to.</summary>
public sealed record DomainRecord(string Domain, string App, DateTimeOffset CreatedAt);
