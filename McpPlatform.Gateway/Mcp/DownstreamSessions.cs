using System.Collections.Concurrent;
using McpPlatform.Gateway.Routing;
using McpPlatform.Gateway.Upstreams;
using ModelContextProtocol.Server;

namespace McpPlatform.Gateway.Mcp;

/// <summary>
/// The connected stateful sessions and their scopes, so that an upstream's list changes reach exactly the clients
/// that see that server.
/// </summary>
public sealed class DownstreamSessions
{
    private readonly ConcurrentDictionary<McpServer, GatewayScope> sessions = new();

    public DownstreamSessions(UpstreamEvents events) => events.ListChanged += Notify;

    public void Add(McpServer session, GatewayScope scope) => sessions[session] = scope;

    public void Remove(McpServer session) => sessions.TryRemove(session, out _);

    private void Notify(string server, string method)
    {
        foreach (var (session, scope) in sessions)
        {
            if (scope.Servers.Contains(server))
            {
                _ = session.SendNotificationAsync(method, CancellationToken.None);
            }
        }
    }
}
