using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Upstreams;

/// <summary>What a gateway client offers upstream on behalf of a downstream client: exactly what that client offers.</summary>
internal static class CapabilityMirror
{
#pragma warning disable MCP9005 // Sampling and roots: what 2025-11-25 clients offer.
    public static ClientCapabilities Of(ClientCapabilities downstream) => new()
    {
        Sampling = downstream.Sampling,
        Elicitation = downstream.Elicitation,
        Roots = downstream.Roots,
    };
#pragma warning restore MCP9005
}
