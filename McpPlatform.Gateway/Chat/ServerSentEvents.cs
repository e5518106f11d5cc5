using System.Text;
using System.Text.Json.Nodes;

namespace McpPlatform.Gateway.Chat;

/// <summary>Writes a streamed answer as server-sent events, flushed one by one, as OpenAI's endpoints send them.</summary>
internal sealed class ServerSentEvents(HttpResponse response)
{
    public bool Started { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no"; // a reverse proxy in front must not hold the events back
        Started = true;
        await response.StartAsync(cancellationToken);
    }

    /// <summary>One event: <c>event: &lt;name&gt;</c> (when named) and <c>data: &lt;json&gt;</c>.</summary>
    public Task WriteAsync(JsonNode data, string? name, CancellationToken cancellationToken) =>
        WriteRawAsync(data.ToJsonString(), name, cancellationToken);

    public async Task WriteRawAsync(string data, string? name, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        if (name is not null)
        {
            text.Append("event: ").Append(name).Append('\n');
        }

        text.Append("data: ").Append(data).Append("\n\n");
        await response.WriteAsync(text.ToString(), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
