using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace McpPlatform.Gateway.Chat;

/// <summary>One endpoint's answer shapes, whole or streamed.</summary>
internal abstract class ChatResponseWriter
{
    public abstract JsonObject Complete(ChatOutcome outcome);

    public abstract Task StreamAsync(ServerSentEvents events, IAsyncEnumerable<ChatResponseUpdate> updates, bool includeUsage, CancellationToken cancellationToken);
}
