using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Catalog;

/// <summary>What one server lists: its resources and its resource templates.</summary>
internal sealed record ServerResources(string Server, IReadOnlyList<Resource> Resources, IReadOnlyList<ResourceTemplate> Templates);
