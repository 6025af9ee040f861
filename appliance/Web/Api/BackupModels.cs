namespace Hiy.Web.Api;

public sealed record BackupView(string Id, DateTimeOffset CreatedAt, long SizeBytes, string HiyVersion, int SchemaVersion, bool KeyWrapped,
    int FileCount, string Url);

public sealed record BackupListResponse(IReadOnlyList<BackupView> Backups, string BackupDir, int RetentionDays);

/// <summary>Body of POST /api/v1/backups and of a restore: a passphrase that wraps (or unwraps) the master key.</summary>
public sealed record BackupRequest(string? Passphrase);

public sealed record RestoreView(string Id, string State, string Message);

public sealed record RotateKeyView(IReadOnlyDictionary<string, int> Resealed, DateTimeOffset RotatedAt);
