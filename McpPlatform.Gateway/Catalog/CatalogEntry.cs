namespace McpPlatform.Gateway.Catalog;

/// <summary>An upstream tool or prompt as a client sees it.</summary>
/// <param name="ExposedName">Its name on the route: namespaced on <c>/mcp</c> (see <see cref="ToolNaming"/>), original on <c>/mcp/{server}</c>.</param>
/// <param name="Server">The upstream server's canonical name.</param>
/// <param name="Item">The tool or prompt as the upstream lists it.</param>
public sealed record CatalogEntry<T>(string ExposedName, string Server, T Item);
