using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Catalog;

/// <summary>An upstream tool as a client sees it on the aggregate route.</summary>
/// <param name="ExposedName">The namespaced name (see <see cref="ToolNaming"/>).</param>
/// <param name="Server">The upstream server's canonical name.</param>
/// <param name="Tool">The tool as the upstream lists it.</param>
public sealed record CatalogTool(string ExposedName, string Server, Tool Tool);
