using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Storage;

/// <summary>
/// Readiness of the gateway database (<c>/health</c>, entry <c>gateway-database</c>): unhealthy with the reason until
/// its migrations are applied, and whenever it does not answer a <c>SELECT 1</c> within
/// <see cref="GatewayDatabaseOptions.HealthCheckTimeout"/>.
/// </summary>
internal sealed class GatewayDatabaseHealthCheck(GatewayDatabase database, IOptions<GatewayDatabaseOptions> options) : IHealthCheck
{
    public const string Name = "gateway-database";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (database.NotReadyReason is { } reason)
        {
            return HealthCheckResult.Unhealthy($"not ready: {reason}");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.HealthCheckTimeout);
        try
        {
            await using var command = database.DataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"no answer within {options.Value.HealthCheckTimeout}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy(DatabaseErrors.Describe(ex));
        }
    }
}
