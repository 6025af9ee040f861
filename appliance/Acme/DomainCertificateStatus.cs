using Hiy.Store;

namespace Hiy.Acme;

/// <summary>
/// A custom domain and where its certificate stands, for <c>GET /api/v1/apps/{app}/domains</c>:
/// <c>pending</c> (not issued yet), <c>issued</c> (served; a renewal may be running) or <c>failed</c>
/// (the last attempt failed: <see cref="Error"/> says why, and an older certificate, if any, still serves).
/// </summary>
public sealed record DomainCertificateStatus(
    string Domain,
    string App,
    string Status,
    DateTimeOffset? NotAfter,
    string? Error,
    string? SerialNumber,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset CreatedAt)
{
    public const string Pending = "pending";
    public const string Issued = "issued";
    public const string Failed = "failed";

    /// <summary>The API status of a domain from its certificate row (null: never attempted).</summary>
    public static string StatusOf(CertificateRecord? record) => record switch
    {
        null => Pending,
        { Status: "failed" } => Failed,
        { HasCertificate: true } => Issued,
        _ => Pending,
    };
}
