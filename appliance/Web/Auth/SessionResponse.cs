namespace Hiy.Web.Auth;

/// <summary>What the dashboard learns about its session: whether it is signed in and the CSRF token to send.</summary>
public sealed record SessionResponse(bool SignedIn, string? CsrfToken = null, DateTimeOffset? ExpiresAt = null);
