using McpPlatform.Gateway.Auth;
using McpPlatform.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Upstreams;

/// <summary>The configured upstream servers, and their aliases resolved to canonical names.</summary>
public sealed class ServerDirectory
{
    private readonly Dictionary<string, string> canonicalByNameOrAlias = new(StringComparer.OrdinalIgnoreCase);

    public ServerDirectory(IOptions<GatewayOptions> options)
    {
        foreach (var (name, server) in options.Value.Servers)
        {
            Servers[name] = server;
            canonicalByNameOrAlias[name] = name;
            foreach (var alias in server.Aliases)
            {
                canonicalByNameOrAlias[alias] = name;
            }

            if (server.AllowedTools.Count > 0 || server.DisallowedTools.Count > 0)
            {
                ToolRules[name] = new ServerToolRules(server.AllowedTools.ToHashSet(StringComparer.Ordinal), server.DisallowedTools.ToHashSet(StringComparer.Ordinal));
            }
        }
    }

    /// <summary>The servers' own tool filters (allowed and disallowed tools), by canonical name: only servers that have one.</summary>
    public Dictionary<string, ServerToolRules> ToolRules { get; } = new(StringComparer.Ordinal);

    /// <summary>Every configured server by canonical name, enabled or not.</summary>
    public Dictionary<string, UpstreamServerOptions> Servers { get; } = new(StringComparer.Ordinal);

    /// <summary>The enabled servers' canonical names, in a stable order.</summary>
    public IEnumerable<string> EnabledServers =>
        Servers.Where(pair => pair.Value.Enabled).Select(pair => pair.Key).Order(StringComparer.Ordinal);

    /// <summary>Resolves a server name or alias (ignoring case) to the canonical name.</summary>
    public bool TryResolve(string nameOrAlias, out string canonicalName) =>
        canonicalByNameOrAlias.TryGetValue(nameOrAlias, out canonicalName!);
}
