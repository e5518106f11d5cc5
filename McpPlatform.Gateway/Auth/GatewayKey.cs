namespace McpPlatform.Gateway.Auth;

/// <summary>An authenticated key: its configured name and the servers it may use.</summary>
/// <param name="Name">The key's name in configuration (safe to log; the key itself never is).</param>
/// <param name="AllServers">True when the key was granted <c>*</c>.</param>
/// <param name="Servers">Canonical names of the servers granted by name or alias.</param>
public sealed record GatewayKey(string Name, bool AllServers, IReadOnlySet<string> Servers)
{
    /// <summary>Whether this key may list and call the server's tools.</summary>
    public bool MayUse(string canonicalServer) => AllServers || Servers.Contains(canonicalServer);
}
