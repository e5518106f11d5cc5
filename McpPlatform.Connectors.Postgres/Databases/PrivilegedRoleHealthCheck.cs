using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace McpPlatform.Connectors.Postgres.Databases;

/// <summary>Readiness: unhealthy, with the reason, while a restricted database is refused for its role.</summary>
internal sealed class PrivilegedRoleHealthCheck(DatabaseRegistry registry) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var refusals = new List<string>();
        foreach (var database in registry.Databases.Where(target => target.IsRestricted))
        {
            try
            {
                if ((await database.Role.FindAsync(database, cancellationToken)).Refused(database) is { } reason)
                {
                    refusals.Add(reason);
                }
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException)
            {
                refusals.Add($"Database '{database.Name}': its role could not be checked ({ex.Message}).");
            }
        }

        return refusals.Count == 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(string.Join(' ', refusals));
    }
}
