using System.Collections.Concurrent;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Upstreams;

/// <summary>
/// What an upstream tells the gateway unasked: its <c>list_changed</c> notifications (the list is listed again, then the
/// sessions that see the server are told) and the progress of calls, routed by the gateway's own progress tokens to the
/// downstream call that asked for it, in the order it arrived (see <see cref="ProgressTappingTransport"/>).
/// </summary>
internal sealed class UpstreamNotifications(string server, UpstreamLists lists, UpstreamEvents? events)
{
    private readonly ConcurrentDictionary<string, IProgress<ProgressNotificationValue>> progressByToken = new(StringComparer.Ordinal);

    /// <summary>The client's handlers with the list_changed ones added (for a shared client: a session's own sees the same lists).</summary>
    public McpClientHandlers WithListChanged(McpClientHandlers given)
    {
        if (events is null)
        {
            return given;
        }

        var handlers = (given.NotificationHandlers ?? []).ToList();
        foreach (var method in UpstreamLists.ListChangedMethods)
        {
            handlers.Add(new(method, (_, _) =>
            {
                _ = OnListChangedAsync(method);
                return ValueTask.CompletedTask;
            }));
        }

        given.NotificationHandlers = handlers;
        return given;
    }

    /// <summary>The upstream's progress under a fresh token goes to <paramref name="progress"/> until the registration is disposed.</summary>
    public ProgressRegistration ForwardProgress(IProgress<ProgressNotificationValue> progress)
    {
        var token = Guid.NewGuid().ToString("N");
        progressByToken[token] = progress;
        return new ProgressRegistration(progressByToken, token);
    }

    /// <summary>Runs on the session's reading loop, in arrival order.</summary>
    public void OnMessageRead(JsonRpcMessage message)
    {
        if (message is JsonRpcNotification { Method: NotificationMethods.ProgressNotification } notification
            && !progressByToken.IsEmpty
            && JsonSerializer.Deserialize<ProgressNotificationParams>(notification.Params, McpJsonUtilities.DefaultOptions) is { } update
            && update.ProgressToken.ToString() is { } key
            && progressByToken.TryGetValue(key, out var progress))
        {
            progress.Report(update.Progress);
        }
    }

    /// <summary>Clients are told once the new list is in, so that the list they ask for next is the new one.</summary>
    private async Task OnListChangedAsync(string method)
    {
        await lists.InvalidateAsync(method);
        events!.RaiseListChanged(server, method);
    }

    /// <summary>One call's progress token; disposing it stops the routing.</summary>
    public sealed class ProgressRegistration(ConcurrentDictionary<string, IProgress<ProgressNotificationValue>> registry, string token) : IDisposable
    {
        /// <summary>The request's <c>_meta</c> that asks the upstream for progress under this token.</summary>
        public System.Text.Json.Nodes.JsonObject Meta() => new() { ["progressToken"] = token };

        public void Dispose() => registry.TryRemove(token, out _);
    }
}
