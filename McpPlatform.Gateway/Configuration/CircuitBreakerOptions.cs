namespace McpPlatform.Gateway.Configuration;

/// <summary>
/// When an upstream that keeps failing is skipped (<c>Gateway:CircuitBreaker</c>): after <see cref="FailuresToOpen"/>
/// failed requests since it went down, none succeeding, within <see cref="SamplingDuration"/>, its requests fail at once
/// for 1 s, then 2 s, 4 s ... up to <see cref="MaxBreakDuration"/>, each break ended by one probe request.
/// </summary>
public sealed class CircuitBreakerOptions
{
    /// <summary>Failed requests since the server went down (none succeeding) that open the breaker. Default 3; at least 2.</summary>
    public int FailuresToOpen { get; set; } = 3;

    /// <summary>The window the failures are counted in. Default 30 s; at least 0.5 s.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest break between probes. Default 30 s; at least 0.5 s.</summary>
    public TimeSpan MaxBreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
