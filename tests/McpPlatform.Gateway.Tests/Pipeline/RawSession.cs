using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace McpPlatform.Gateway.Tests.Pipeline;

/// <summary>
/// A streamable HTTP MCP session spoken as raw HTTP (initialize, then POSTs with its <c>Mcp-Session-Id</c>), for tests
/// that look at status codes and headers the SDK's client turns into exceptions.
/// </summary>
internal sealed class RawSession : IDisposable
{
    private const string ProtocolVersion = "2025-11-25";
    private readonly HttpClient http;
    private readonly string route;
    private int nextId = 1;

    private RawSession(HttpClient http, string route, string sessionId)
    {
        this.http = http;
        this.route = route;
        SessionId = sessionId;
    }

    public string SessionId { get; }

    public static async Task<RawSession> OpenAsync(GatewayHost gateway, string key, string route = "/mcp")
    {
        var http = gateway.Http(key);
        using var initialize = await SendAsync(http, route, null, new StringContent("""{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""", Encoding.UTF8, "application/json"));
        initialize.EnsureSuccessStatusCode();
        var session = new RawSession(http, route, initialize.Headers.GetValues("Mcp-Session-Id").Single());
        using var initialized = await session.PostAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        initialized.EnsureSuccessStatusCode();
        return session;
    }

    /// <summary>A JSON-RPC request on the session; the whole answer (its SSE stream ends with the response).</summary>
    public Task<HttpResponseMessage> RequestAsync(string method, object? parameters = null) =>
        PostAsync(JsonSerializer.Serialize(new { jsonrpc = "2.0", id = Interlocked.Increment(ref nextId), method, @params = parameters ?? new { } }));

    public Task<HttpResponseMessage> PostAsync(string body) => SendAsync(http, route, SessionId, new StringContent(body, Encoding.UTF8, "application/json"));

    /// <summary>Posts <paramref name="content"/> as it is (e.g. without Content-Length), typed as JSON.</summary>
    public Task<HttpResponseMessage> PostAsync(HttpContent content)
    {
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return SendAsync(http, route, SessionId, content);
    }

    /// <summary>The JSON-RPC response in an answer (plain JSON, or the last <c>data:</c> event of an SSE stream).</summary>
    public static async Task<JsonElement> ReadMessageAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            text = text.Split('\n').Where(line => line.StartsWith("data:", StringComparison.Ordinal)).Select(line => line[5..].Trim())
                .Last(data => data.Contains("\"id\"", StringComparison.Ordinal));
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public void Dispose() => http.Dispose();

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string route, string? sessionId, HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (sessionId is not null)
        {
            request.Headers.Add("Mcp-Session-Id", sessionId);
            request.Headers.Add("MCP-Protocol-Version", ProtocolVersion);
        }

        return await http.SendAsync(request);
    }
}
