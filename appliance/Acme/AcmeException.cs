using System.Net;

namespace Hiy.Acme;

/// <summary>
/// Anything that went wrong obtaining a certificate: an ACME problem document (RFC 8555 §6.7,
/// RFC 7807), a Cloudflare API error, a challenge that did not validate, a propagation timeout.
/// The message names the subject (<c>acme: order for example.test: …</c>); when the CA answered with
/// a problem, <see cref="ProblemType"/>, <see cref="Detail"/>, <see cref="Status"/> and
/// <see cref="Subproblems"/> carry it unchanged so callers can show them and recognise rate limits.
/// </summary>
public sealed class AcmeException : Exception
{
    public const string ErrorPrefix = "urn:ietf:params:acme:error:";

    public AcmeException(string message, AcmeProblem? problem = null, HttpStatusCode? status = null,
        TimeSpan? retryAfter = null, Exception? inner = null)
        : base(message, inner)
    {
        Problem = problem;
        Status = status ?? (problem?.Status is int s ? (HttpStatusCode)s : null);
        RetryAfter = retryAfter;
    }

    /// <summary>The problem document as the server sent it, when there was one.</summary>
    public AcmeProblem? Problem { get; }

    /// <summary>The problem's <c>type</c>, e.g. <c>urn:ietf:params:acme:error:rateLimited</c>.</summary>
    public string? ProblemType => Problem?.Type;

    public string? Detail => Problem?.Detail;

    public HttpStatusCode? Status { get; }

    public IReadOnlyList<AcmeProblem> Subproblems => Problem?.Subproblems ?? [];

    /// <summary>The server's Retry-After, when it gave one (rate limits carry it, RFC 8555 §6.6).</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>RFC 8555 §6.7: the CA refused because a rate limit was hit.</summary>
    public bool IsRateLimited => Problem?.Is("rateLimited") == true;
}
