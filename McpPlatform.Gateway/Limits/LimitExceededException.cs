using ModelContextProtocol;

namespace McpPlatform.Gateway.Limits;

/// <summary>
/// A key (or the gateway as a whole) holds as many of a <see cref="LimitedResource"/> as it may. An MCP error, so that
/// a refused call reaches its client as a JSON-RPC error with this message; a refused session becomes a 429
/// (<see cref="SessionLimitResponses"/>). The message names the setting that set the limit.
/// </summary>
internal sealed class LimitExceededException : McpProtocolException
{
    /// <summary>
    /// The JSON-RPC error code of a refusal: in the range JSON-RPC leaves to servers (-32000 to -32099), not one the MCP
    /// SDK uses, and ending in 29 like HTTP's 429, so that a client can tell "try again later" from a bad request.
    /// </summary>
    public const McpErrorCode LimitErrorCode = (McpErrorCode)(-32029);

    public LimitExceededException(LimitedResource resource, string setting, int limit, string? keyName, TimeSpan retryAfter)
        : base(Describe(resource, setting, limit, keyName), LimitErrorCode)
    {
        Resource = resource;
        KeyName = keyName;
        Setting = setting;
        Limit = limit;
        RetryAfter = retryAfter;
        Data["setting"] = setting;
        Data["limit"] = limit;
        Data["retryAfterSeconds"] = (int)retryAfter.TotalSeconds;
    }

    public LimitedResource Resource { get; }

    /// <summary>The key whose own limit was reached; null when it was the gateway's total.</summary>
    public string? KeyName { get; }

    /// <summary>The configuration path of the limit that was reached, e.g. <c>Gateway:Limits:MaxSessionsPerKey</c>.</summary>
    public string Setting { get; }

    public int Limit { get; }

    /// <summary>When trying again may succeed: what <c>Retry-After</c> says.</summary>
    public TimeSpan RetryAfter { get; }

    private static string Describe(LimitedResource resource, string setting, int limit, string? keyName)
    {
        var (what, advice) = resource switch
        {
            LimitedResource.Session => ("open MCP sessions", "close one (DELETE with its Mcp-Session-Id, or end its SSE stream) or let an idle one expire, then try again"),
            LimitedResource.UpstreamClient => (
                "upstream clients of their own (sessions that offer sampling, elicitation or roots, set a log level or subscribe; stateless calls that may ask their client)",
                "end a session that holds one or wait for such a call to finish, then try again"),
            _ => ("tool calls in flight", "wait for one to finish, then try again"),
        };
        var holder = keyName is null ? "All keys together hold" : $"The key '{keyName}' holds";
        return $"{holder} {limit} {what}, the limit set by {setting}: {advice}.";
    }
}
