using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpPlatform.Gateway.Mcp;

/// <summary>
/// Reports an upstream call's progress to the downstream client, under the client's own progress token, in the
/// order it came; <see cref="FlushAsync"/> lets the call's result wait until every notification is out.
/// </summary>
internal sealed class ProgressForwarder(McpServer downstream, ProgressToken token) : IProgress<ProgressNotificationValue>
{
    private readonly Lock gate = new();
    private Task sent = Task.CompletedTask;

    // Synchronous on purpose (Progress<T> posts to the thread pool and can reorder notifications).
    public void Report(ProgressNotificationValue value)
    {
        lock (gate)
        {
            sent = SendAfterAsync(sent, value);
        }
    }

    /// <summary>Completes when every reported notification has been sent (or failed to be).</summary>
    public Task FlushAsync()
    {
        lock (gate)
        {
            return sent;
        }
    }

    private async Task SendAfterAsync(Task previous, ProgressNotificationValue value)
    {
        await previous;
        try
        {
            await downstream.NotifyProgressAsync(token, value, cancellationToken: CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The client went away: progress is best effort, the call's result decides.
        }
    }
}
