using Hiy.Proxy;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Hiy.Tests.Proxy;

public class ForwardFailureTests
{
    [Theory]
    [InlineData(ForwarderError.RequestBodyClient, 400, false, 400, ForwardFault.Client)]
    [InlineData(ForwarderError.RequestBodyClient, 408, false, 408, ForwardFault.Client)]
    [InlineData(ForwarderError.RequestBodyClient, 502, false, 400, ForwardFault.Client)]
    [InlineData(ForwarderError.Request, 502, false, 502, ForwardFault.Upstream)]
    [InlineData(ForwarderError.RequestCreation, 502, false, 502, ForwardFault.Upstream)]
    [InlineData(ForwarderError.ResponseHeaders, 502, false, 502, ForwardFault.Upstream)]
    [InlineData(ForwarderError.RequestBodyDestination, 502, false, 502, ForwardFault.Upstream)]
    [InlineData(ForwarderError.RequestBodyDestination, 504, false, 504, ForwardFault.UpstreamTimeout)]
    [InlineData(ForwarderError.ResponseBodyDestination, 200, false, 502, ForwardFault.Upstream)]
    [InlineData(ForwarderError.RequestTimedOut, 504, false, 504, ForwardFault.UpstreamTimeout)]
    [InlineData(ForwarderError.ResponseBodyCanceled, 200, false, 504, ForwardFault.UpstreamTimeout)]
    [InlineData(ForwarderError.ResponseBodyCanceled, 200, true, 400, ForwardFault.ClientGone)]
    [InlineData(ForwarderError.RequestCanceled, 400, true, 400, ForwardFault.ClientGone)]
    [InlineData(ForwarderError.ResponseBodyClient, 200, true, 400, ForwardFault.ClientGone)]
    [InlineData(ForwarderError.UpgradeRequestClient, 101, true, 400, ForwardFault.ClientGone)]
    [InlineData(ForwarderError.UpgradeActivityTimeout, 101, false, 504, ForwardFault.IdleTunnel)]
    public void Classify_Error_StatusAndFault(ForwarderError error, int statusSet, bool clientAborted, int status, ForwardFault fault) =>
        Assert.Equal(new ForwardFailure(status, fault), ForwardFailure.Classify(error, null, statusSet, clientAborted));

    [Theory]
    [InlineData(413)]
    [InlineData(408)]
    [InlineData(400)]
    public void Classify_KestrelBadRequestInsideAggregate_ItsStatus(int status)
    {
        var exception = new AggregateException(new BadHttpRequestException("too big", status), new HttpRequestException("send failed"));
        Assert.Equal(new ForwardFailure(status, ForwardFault.Client), ForwardFailure.Classify(ForwarderError.RequestBodyClient, exception, 400, false));
        Assert.Equal("too big", ForwardFailure.Reason(exception));
    }

    [Fact]
    public void Classify_AppBodyReadCanceledWhileClientStays_ActivityTimeout()
    {
        var canceled = new IOException("Unable to read data from the transport connection: Operation canceled.",
            new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.OperationAborted));
        Assert.Equal(ForwardFault.UpstreamTimeout, ForwardFailure.Classify(ForwarderError.ResponseBodyDestination, canceled, 200, clientAborted: false).Fault);
        Assert.Equal(ForwardFault.Upstream, ForwardFailure.Classify(ForwarderError.ResponseBodyDestination, new IOException("reset"), 200, clientAborted: false).Fault);
    }

    [Theory]
    [InlineData(ForwardFault.Client, Microsoft.Extensions.Logging.LogLevel.Warning)]
    [InlineData(ForwardFault.Upstream, Microsoft.Extensions.Logging.LogLevel.Warning)]
    [InlineData(ForwardFault.UpstreamTimeout, Microsoft.Extensions.Logging.LogLevel.Warning)]
    [InlineData(ForwardFault.ClientGone, Microsoft.Extensions.Logging.LogLevel.Debug)]
    [InlineData(ForwardFault.IdleTunnel, Microsoft.Extensions.Logging.LogLevel.Debug)]
    public void Level_Fault_Matches(ForwardFault fault, Microsoft.Extensions.Logging.LogLevel level) =>
        Assert.Equal(level, new ForwardFailure(500, fault).Level);

    [Fact]
    public void Reason_HttpRequestExceptionWithSocketError_InnerMessage() =>
        Assert.Equal("Connection refused", ForwardFailure.Reason(new HttpRequestException("outer", new IOException("Connection refused"))));
}
