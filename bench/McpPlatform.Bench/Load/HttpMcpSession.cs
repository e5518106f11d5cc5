using System.Net.Http.Headers;
using System.Text;

namespace McpPlatform.Bench.Load;

/// <summary>
/// A lean MCP client over streamable HTTP: raw JSON-RPC with pre-encoded bodies, no SDK. It initializes a
/// 2025-11-25 session (every server here keeps sessions for such clients), then posts <c>tools/call</c> and reads
/// the whole answer (JSON or SSE), checking it holds a result that is not an error.
/// </summary>
internal sealed class HttpMcpSession : ICallSession
{
    private const string ProtocolVersion = "2025-11-25";
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient http;
    private readonly Uri endpoint;
    private readonly string? apiKey;
    private readonly byte[] bodyStart;
    private readonly byte[] bodyEnd;
    private string? sessionId;
    private long nextId = 1;

    private HttpMcpSession(HttpClient http, Uri endpoint, string? apiKey, string tool, string argumentsJson)
    {
        this.http = http;
        this.endpoint = endpoint;
        this.apiKey = apiKey;
        bodyStart = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + argumentsJson + "},\"id\":");
        bodyEnd = "}"u8.ToArray();
    }

    public static async Task<HttpMcpSession> OpenAsync(HttpClient http, Uri endpoint, string? apiKey, string tool, string argumentsJson, CancellationToken cancellationToken)
    {
        var session = new HttpMcpSession(http, endpoint, apiKey, tool, argumentsJson);
        using (var initialize = await session.PostAsync(
            """{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"PROTOCOL","capabilities":{},"clientInfo":{"name":"mcpplatform-bench","version":"1.0"}}}""".Replace("PROTOCOL", ProtocolVersion, StringComparison.Ordinal),
            cancellationToken))
        {
            await EnsureResultAsync(initialize, cancellationToken);
            session.sessionId = initialize.Headers.TryGetValues("Mcp-Session-Id", out var ids) ? ids.First() : null;
        }

        using (await session.PostAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""", cancellationToken))
        {
        }

        return session;
    }

    public async Task CallAsync(CancellationToken cancellationToken)
    {
        var id = Encoding.ASCII.GetBytes((++nextId).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var body = new byte[bodyStart.Length + id.Length + bodyEnd.Length];
        bodyStart.CopyTo(body, 0);
        id.CopyTo(body, bodyStart.Length);
        bodyEnd.CopyTo(body, bodyStart.Length + id.Length);
        using var response = await SendAsync(new ByteArrayContent(body), cancellationToken);
        await EnsureResultAsync(response, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (sessionId is not null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Delete, endpoint);
            AddHeaders(request);
            try
            {
                using var response = await http.SendAsync(request);
            }
            catch (HttpRequestException)
            {
            }
        }
    }

    private Task<HttpResponseMessage> PostAsync(string json, CancellationToken cancellationToken) =>
        SendAsync(new ByteArrayContent(Encoding.UTF8.GetBytes(json)), cancellationToken);

    private async Task<HttpResponseMessage> SendAsync(ByteArrayContent content, CancellationToken cancellationToken)
    {
        content.Headers.ContentType = Json;
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content };
        AddHeaders(request);
        return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
    }

    private void AddHeaders(HttpRequestMessage request)
    {
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        if (apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + apiKey);
        }

        if (sessionId is not null)
        {
            request.Headers.TryAddWithoutValidation("Mcp-Session-Id", sessionId);
            request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", ProtocolVersion);
        }
    }

    private static async Task EnsureResultAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode || body.AsSpan().IndexOf("\"result\""u8) < 0 || body.AsSpan().IndexOf("\"isError\":true"u8) >= 0)
        {
            throw new InvalidOperationException($"Call failed: HTTP {(int)response.StatusCode}: {Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 600)))}");
        }
    }
}
