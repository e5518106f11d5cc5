using System.Net;
using System.Text;

namespace McpPlatform.IntegrationTests;

/// <summary>
/// The running gateway decides "local" on the connection: its route <c>/mcp/conformance</c> is open to keyless loopback
/// clients (GatewayTestConfiguration), and a request that carries a forwarding header speaks for someone else.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class GatewayForwardedHeadersTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("X-Forwarded-For", "127.0.0.1")]
    [InlineData("X-Forwarded-For", "192.168.1.50")]
    [InlineData("Forwarded", "for=127.0.0.1")]
    [InlineData("X-Real-IP", "127.0.0.1")]
    public async Task AnonymousLoopbackRoute_RequestWithForwardingHeader_IsRefused(string header, string value)
    {
        using var http = platform.CreateGatewayHttpClient(apiKey: null);
        using var request = Initialize();
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task AnonymousLoopbackRoute_DirectLoopbackRequest_IsServed()
    {
        using var http = platform.CreateGatewayHttpClient(apiKey: null);
        using var request = Initialize();

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static HttpRequestMessage Initialize()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp/conformance")
        {
            Content = new StringContent(
                """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""",
                Encoding.UTF8,
                "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        return request;
    }
}
