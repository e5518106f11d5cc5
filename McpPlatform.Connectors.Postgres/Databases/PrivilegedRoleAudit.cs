using McpPlatform.Connectors.Postgres.Sql.Safety;
using Npgsql;

namespace McpPlatform.Connectors.Postgres.Databases;

/// <summary>
/// At start, checks the role of every restricted database and reports a privileged one as Critical: refused, or
/// served anyway when <c>AllowPrivilegedRole</c> says so; then reads its function catalog for restricted mode.
/// </summary>
internal sealed class PrivilegedRoleAudit(DatabaseRegistry registry, RestrictedSqlPolicy policy, ILogger<PrivilegedRoleAudit> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var database in registry.Databases.Where(target => target.IsRestricted))
        {
            try
            {
                var finding = await database.Role.FindAsync(database, stoppingToken);
                await policy.LoadCatalogAsync(database, stoppingToken);
                if (finding.Privilege is null)
                {
                    continue;
                }

                if (finding.Refused(database) is { } reason)
                {
                    logger.LogCritical("SECURITY: restricted database {Database}: {Reason}", database.Name, reason);
                }
                else
                {
                    logger.LogCritical(
                        "SECURITY: restricted database {Database} is reached as role {Role}, which {Privilege}; it is served because AllowPrivilegedRole is set. " +
                        "Restricted mode still refuses writes and dangerous functions, but connect as a dedicated read-only role (docs/postgres-connector.md).",
                        database.Name,
                        finding.Role,
                        finding.Privilege);
                }
            }
            catch (NpgsqlException ex)
            {
                logger.LogWarning("Could not read the role and function catalog of database {Database} at start (both are read again before its first use): {Reason}", database.Name, ex.Message);
            }
        }
    }
}
