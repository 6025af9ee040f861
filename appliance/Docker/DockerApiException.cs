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

    /// <summary>Docker's own message, without the subject hiy put in front of it.</summary>
    public string? DockerMessage { get; init; }

    /// <summary>For a failed build: the Dockerfile step that failed (<c>Step 2/3 : RUN exit 3</c>).</summary>
    public string? BuildStep { get; init; }

    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;
}
