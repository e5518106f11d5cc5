using McpPlatform.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Upstreams;

/// <summary>
/// Probes every upstream (lists its tools) every <see cref="GatewayOptions.HealthCheckInterval"/>, so that a server that
/// goes down or comes back is noticed without waiting for a client: its tools are hidden or shown and connected clients
/// get <c>notifications/tools/list_changed</c>. It also starts stdio servers again after a crash and is the probe that
/// closes an open breaker. The probes run side by side and are not waited for: a server that hangs delays no other's
/// (a probe still running is joined, not repeated).
/// </summary>
internal sealed class UpstreamHealthMonitor(UpstreamPool pool, IOptions<GatewayOptions> options, TimeProvider timeProvider) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HealthCheckInterval, timeProvider);
        do
        {
            foreach (var upstream in pool.All)
            {
                _ = upstream.ProbeAsync(); // failures are recorded in its health; the next tick tries again
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
