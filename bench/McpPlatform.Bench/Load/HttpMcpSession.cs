using System.Net.Http.Headers;
using System.Text;

namespace McpPlatform.Bench.Load;

/// <summary>
/// A lean MCP client over streamable HTTP: raw JSON-RPC with pre-encoded bodies, no SDK. By default it initializes
/// a 2025-11-25 session (every server here keeps sessions for such clients); stateless, it speaks 2026-07-28 (no
/// session: protocol version, client info and capabilities in every request's <c>_meta</c> and headers, as the MCP
/// C# SDK's client does by default). It posts <c>tools/call</c> and reads the whole answer (JSON or SSE), checking it
/// holds a result that is not an error.
/// </summary>
internal sealed class HttpMcpSession : ICallSession
{
    private const string SessionProtocol = "2025-11-25";
    private const string StatelessProtocol = "2026-07-28";
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient http;
    private readonly Uri endpoint;
    private readonly string? bearerToken;
    private readonly string tool;
    private readonly bool stateless;
    private readonly byte[] bodyStart;
    private readonly byte[] bodyEnd;
    private string? sessionId;
    private long nextId = 1;

    private HttpMcpSession(HttpClient http, Uri endpoint, string? bearerToken, string tool, string argumentsJson, bool stateless)
    {
        this.http = http;
        this.endpoint = endpoint;
        this.bearerToken = bearerToken;
        this.tool = tool;
        this.stateless = stateless;
        var meta = stateless
            ? ",\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + StatelessProtocol + "\",\"io.modelcontextprotocol/clientInfo\":{\"name\":\"mcpplatform-bench\",\"version\":\"1.0\"},\"io.modelcontextprotocol/clientCapabilities\":{}}"
            : "";
        bodyStart = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + argumentsJson + meta + "},\"id\":");
        bodyEnd = "}"u8.ToArray();
    }

    public static async Task<HttpMcpSession> OpenAsync(HttpClient http, Uri endpoint, string? bearerToken, string tool, string argumentsJson, bool stateless, CancellationToken cancellationToken)
    {
        var session = new HttpMcpSession(http, endpoint, bearerToken, tool, argumentsJson, stateless);
        if (stateless)
        {
            return session;
        }

        using (var initialize = await session.PostAsync(
            """{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"PROTOCOL","capabilities":{},"clientInfo":{"name":"mcpplatform-bench","version":"1.0"}}}""".Replace("PROTOCOL", SessionProtocol, StringComparison.Ordinal),
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
        using var response = await SendAsync(new ByteArrayContent(NextCallBody()), cancellationToken);
        await EnsureResultAsync(response, cancellationToken);
    }

    /// <summary>
    /// Makes one call and says how it was answered instead of throwing on a refusal (<see cref="CallOutcome"/>); transport
    /// failures still throw. For runs that push a key past its limits on purpose.
    /// </summary>
    public async Task<CallOutcome> TryCallAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new ByteArrayContent(NextCallBody()), cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
        {
            return body.AsSpan().IndexOf("\"key_rate_limit\""u8) >= 0 ? CallOutcome.RateLimited : CallOutcome.ConcurrencyRefused;
        }

        if (response.IsSuccessStatusCode && body.AsSpan().IndexOf("\"code\":-32029"u8) >= 0)
        {
            return CallOutcome.ConcurrencyRefused;
        }

        return response.IsSuccessStatusCode && body.AsSpan().IndexOf("\"result\""u8) >= 0 && body.AsSpan().IndexOf("\"isError\":true"u8) < 0
            ? CallOutcome.Accepted
            : CallOutcome.Failed;
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

    /// <summary>The next <c>tools/call</c> body: the pre-encoded request with a fresh id.</summary>
    private byte[] NextCallBody()
    {
        var id = Encoding.ASCII.GetBytes(Interlocked.Increment(ref nextId).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var body = new byte[bodyStart.Length + id.Length + bodyEnd.Length];
        bodyStart.CopyTo(body, 0);
        id.CopyTo(body, bodyStart.Length);
        bodyEnd.CopyTo(body, bodyStart.Length + id.Length);
        return body;
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
        if (bearerToken is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearerToken);
        }

        if (sessionId is not null)
        {
            request.Headers.TryAddWithoutValidation("Mcp-Session-Id", sessionId);
            request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", SessionProtocol);
        }

        if (stateless)
        {
            request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", StatelessProtocol);
            request.Headers.TryAddWithoutValidation("Mcp-Method", "tools/call");
            request.Headers.TryAddWithoutValidation("Mcp-Name", tool);
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
