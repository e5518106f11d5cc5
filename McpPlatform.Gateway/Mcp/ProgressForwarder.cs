using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpPlatform.Gateway.Mcp;

/// <summary>Reports an upstream call's progress to the downstream client, under the client's own progress token.</summary>
internal sealed class ProgressForwarder(McpServer downstream, ProgressToken token) : IProgress<ProgressNotificationValue>
{
    // Synchronous on purpose (Progress<T> posts to the thread pool and can reorder notifications).
    public void Report(ProgressNotificationValue value) =>
        _ = downstream.NotifyProgressAsync(token, value, cancellationToken: CancellationToken.None);
}
