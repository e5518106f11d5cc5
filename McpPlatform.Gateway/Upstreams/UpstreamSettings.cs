using McpPlatform.Gateway.Configuration;

namespace McpPlatform.Gateway.Upstreams;

/// <summary>What every <see cref="Upstream"/> of the gateway shares: settings, clock, transports, logs and metrics.</summary>
internal sealed record UpstreamSettings(
    TimeSpan ListTtl,
    TimeSpan ListDeadline,
    CircuitBreakerOptions CircuitBreaker,
    TimeProvider Time,
    IUpstreamTransports Transports,
    ILoggerFactory LoggerFactory,
    UpstreamMetrics Metrics);
