using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace McpPlatform.IntegrationTests;

/// <summary>
/// Errors a client can cause, sent to the real gateway and connector (the AppHost runs both in Development, where
/// ASP.NET Core would show the developer exception page): each answers a short JSON error with no stack frame,
/// exception type or server path in it.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed partial class ClientErrorResponseTests(PlatformFixture platform)
{
    private const string Gateway = "gateway";
    private const string Connector = "mcp-postgres";
    /// <summary>What MCP clients send, and text/html first: what makes the developer exception page answer in full.</summary>
    private const string McpAccept = "text/html, application/json, text/event-stream";

    /// <summary>Above Kestrel's 30,000,000-byte default limit.</summary>
    private const int FortyMegabytes = 40 * 1024 * 1024;

    public static TheoryData<string, string, int> Cases => new()
    {
        { Gateway, "body-too-large", 413 },
        { Connector, "body-too-large", 413 },
        { Gateway, "malformed-chunked-body", 400 },
        { Connector, "malformed-chunked-body", 400 },
        { Gateway, "garbage-json", 400 },
        { Connector, "garbage-json", 400 },
        { Gateway, "wrong-content-type", 415 },
        { Connector, "wrong-content-type", 415 },
        { Gateway, "invalid-authorization-header", 401 },
        { Gateway, "unknown-route", 404 },
        { Connector, "unknown-route", 404 },
        { Gateway, "unknown-method", 405 },
        { Connector, "unknown-method", 405 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ClientCausedError_InDevelopment_AnswersShortJsonWithoutStackTrace(string resource, string kind, int expectedStatus)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        var (status, contentType, body) = await SendAsync(resource, kind, cts.Token);

        Assert.Equal(expectedStatus, status);
        Assert.StartsWith("application/json", contentType, StringComparison.Ordinal);
        Assert.True(body.Length < 600, $"{body.Length} characters: {body[..Math.Min(body.Length, 300)]}");
        using var json = JsonDocument.Parse(body);
        Assert.Equal(JsonValueKind.Object, json.RootElement.GetProperty("error").ValueKind);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.DoesNotMatch(ExceptionTypeName(), body);
        Assert.DoesNotContain(RepositoryPaths.Root, body, StringComparison.Ordinal);
    }

    /// <summary><c>BadHttpRequestException</c>, <c>System.InvalidOperationException</c>, a <c>.cs:line</c> frame.</summary>
    [GeneratedRegex(@"Exception\b|\.cs:line|Microsoft\.AspNetCore|System\.[A-Z]")]
    private static partial Regex ExceptionTypeName();

    private async Task<(int Status, string ContentType, string Body)> SendAsync(string resource, string kind, CancellationToken cancellationToken)
    {
        if (kind == "malformed-chunked-body")
        {
            // "zz" is no chunk size: Kestrel throws inside the MCP endpoint when it reads the body.
            var authorization = $"Authorization: Bearer {(resource == Gateway ? PlatformFixture.ApiKey : PlatformFixture.ConnectorSecret)}\r\n";
            var raw = await RawHttp.SendAsync(
                platform.App.GetEndpoint(resource, "http"),
                $"POST /mcp HTTP/1.1\r\nHost: localhost\r\n{authorization}Content-Type: application/json\r\nAccept: {McpAccept}\r\n"
                + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
                cancellationToken);
            return (raw.Status, raw.ContentType, raw.Body);
        }

        using var http = resource == Gateway
            ? platform.CreateGatewayHttpClient(kind == "invalid-authorization-header" ? null : PlatformFixture.ApiKey)
            : platform.CreateConnectorHttpClient(); // with its secret: past the 401 every other caller gets
        using var request = kind switch
        {
            "body-too-large" => McpPost(new ByteArrayContent(new byte[FortyMegabytes]), "application/json"),
            "garbage-json" => McpPost(new StringContent("{\"jsonrpc\": garbage"), "application/json"),
            "wrong-content-type" => McpPost(new StringContent("{}"), "text/plain"),
            "invalid-authorization-header" => McpPost(new StringContent("{}"), "application/json"),
            "unknown-route" => new HttpRequestMessage(HttpMethod.Get, "/no-such-route"),
            "unknown-method" => new HttpRequestMessage(HttpMethod.Put, "/mcp"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        if (kind == "invalid-authorization-header")
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer"); // a scheme and no key
        }

        // The server answers 413 from the Content-Length alone; with 100-continue the client then sends no body at all.
        request.Headers.ExpectContinue = kind == "body-too-large";
        using var response = await http.SendAsync(request, cancellationToken);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.ToString() ?? "", await response.Content.ReadAsStringAsync(cancellationToken));
    }

    private static HttpRequestMessage McpPost(HttpContent content, string contentType)
    {
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = content };
        request.Headers.Accept.ParseAdd(McpAccept);
        return request;
    }
}
