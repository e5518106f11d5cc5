namespace McpPlatform.Gateway.Upstreams;

/// <summary>One listing of an upstream's tools, prompts, resources or resource templates.</summary>
/// <param name="Items">The items as the upstream listed them.</param>
/// <param name="Version">Goes up by one whenever the items differ from the previous listing's (1 for the first):
/// what a catalog built from the list remembers, so that it is rebuilt only when a list really changed.</param>
/// <param name="FetchedAt">When the upstream answered; the list is refreshed once it is older than the list TTL.</param>
/// <param name="Generation">The cache's invalidation count this listing answers (see <see cref="ListCache{T}.Invalidate"/>).</param>
public sealed record ListSnapshot<T>(IReadOnlyList<T> Items, long Version, DateTimeOffset FetchedAt, long Generation);
