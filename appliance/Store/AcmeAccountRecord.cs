namespace Hiy.Store;

/// <summary>A row of <c>acme_accounts</c>: one account per ACME directory, its ES256 key still sealed.</summary>
public sealed record AcmeAccountRecord(string DirectoryUrl, string? Email, string? AccountUrl, byte[] SealedKey, DateTimeOffset CreatedAt);
