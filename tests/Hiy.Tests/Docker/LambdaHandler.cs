namespace Hiy.Tests.Docker;

/// <summary>The one-lambda fake HTTP handler the house style asks every client to accept.</summary>
internal sealed class LambdaHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        send(request, cancellationToken);
}
