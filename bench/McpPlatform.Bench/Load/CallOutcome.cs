namespace McpPlatform.Bench.Load;

/// <summary>How the system under test answered one call, for runs that count refusals rather than fail on them.</summary>
internal enum CallOutcome
{
    /// <summary>A result that is not an error.</summary>
    Accepted,

    /// <summary>HTTP 429 from the per-key requests-per-minute limit (error code <c>key_rate_limit</c>).</summary>
    RateLimited,

    /// <summary>
    /// Refused by a limit on calls in flight: the JSON-RPC error <c>-32029</c> the gateway answers inside a session, or
    /// an HTTP 429 for any other reason than the rate limit (the form the concurrency limit takes once it answers with
    /// HTTP 429 and <c>Retry-After</c>). Counted apart from the rate limit so that a run shows both limits at work.
    /// </summary>
    ConcurrencyRefused,

    /// <summary>Anything else: another HTTP status, a JSON-RPC error, a tool error, a transport failure.</summary>
    Failed,
}
