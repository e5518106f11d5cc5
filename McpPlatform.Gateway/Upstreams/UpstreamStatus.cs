namespace McpPlatform.Gateway.Upstreams;

/// <summary>What <c>GET /v1/mcp/servers</c> shows of one upstream.</summary>
/// <param name="Name">Canonical name.</param>
/// <param name="Aliases">Its aliases.</param>
/// <param name="Transport">http, sse or stdio.</param>
/// <param name="Status"><c>up</c>; <c>down</c> (failed since it last answered: its tools are left out of lists);
/// <c>slow</c> (a listing has been running for longer than the list deadline; a first listing that missed it leaves the server
/// out of lists until it answers); or <c>unknown</c> before the first contact.</param>
/// <param name="ToolCount">Tools it listed last time.</param>
/// <param name="LastError">The last failure, if any since it was last up.</param>
/// <param name="LatencyMs">How long its last tool listing took.</param>
/// <param name="CheckedAt">When it was last contacted.</param>
/// <param name="Breaker"><c>closed</c>; <c>open</c> (it kept failing: skipped until a probe succeeds); <c>half-open</c> (the next request is the probe).</param>
/// <param name="ListDeadlineMissedAt">When a request last went on without its list because it missed the list deadline; null once it listed.</param>
public sealed record UpstreamStatus(
    string Name,
    IReadOnlyList<string> Aliases,
    string Transport,
    string Status,
    int? ToolCount,
    string? LastError,
    double? LatencyMs,
    DateTimeOffset? CheckedAt,
    string Breaker,
    DateTimeOffset? ListDeadlineMissedAt);
