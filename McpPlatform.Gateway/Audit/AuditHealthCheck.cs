using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace McpPlatform.Gateway.Audit;

/// <summary>
/// The audit log in <c>/health</c> (entry <c>gateway-audit</c>): degraded (still 200: calls keep being served) while the
/// buffer is at least 90 % full or an entry was lost in the last minute, with the numbers.
/// </summary>
internal sealed class AuditHealthCheck(AuditLog log, TimeProvider timeProvider) : IHealthCheck
{
    public const string Name = "gateway-audit";

    private static readonly TimeSpan RecentLoss = TimeSpan.FromMinutes(1);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var depth = log.Depth;
        var recentLoss = log.LastDropAt is { } at && timeProvider.GetUtcNow() - at < RecentLoss;
        if (depth * 10L >= log.Capacity * 9L || recentLoss)
        {
            return Task.FromResult(HealthCheckResult.Degraded(
                $"buffer {depth}/{log.Capacity}, {log.DroppedCount} entries lost since start{(recentLoss ? " (some in the last minute)" : string.Empty)}"));
        }

        return Task.FromResult(HealthCheckResult.Healthy());
    }
}
