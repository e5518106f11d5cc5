using McpPlatform.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Upstreams;

/// <summary>
/// Lists every upstream's tools every <see cref="GatewayOptions.HealthCheckInterval"/>, so that a server that goes
/// down or comes back is noticed without waiting for a client: its tools are hidden or shown and connected
/// clients get <c>notifications/tools/list_changed</c>. It also starts stdio servers again after a crash.
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
                try
                {
                    await upstream.RefreshAsync(stoppingToken);
                }
                catch (UpstreamUnavailableException)
                {
                    // Recorded in its status; the next tick tries again (after its backoff).
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
