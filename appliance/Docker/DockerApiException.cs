using System.Net;

namespace Hiy.Docker;

/// <summary>
/// Anything that went wrong talking to the Docker Engine. The message names the subject and carries
/// Docker's own message; <see cref="StatusCode"/> is Docker's HTTP status when it answered at all.
/// </summary>
public sealed class DockerApiException : Exception
{
    public DockerApiException(string message, HttpStatusCode? statusCode = null, Exception? inner = null)
        : base(message, inner) => StatusCode = statusCode;

    public HttpStatusCode? StatusCode { get; }

    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;
}
