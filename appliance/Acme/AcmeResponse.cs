namespace Hiy.Acme;

/// <summary>A parsed ACME response with the headers the protocol cares about.</summary>
public sealed record AcmeResponse<T>(T Value, Uri? Location, TimeSpan? RetryAfter);
