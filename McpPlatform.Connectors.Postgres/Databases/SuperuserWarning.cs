using Npgsql;

namespace McpPlatform.Connectors.Postgres.Databases;

/// <summary>
/// At start, warns loudly for every restricted database reached as a superuser (or a role that can read
/// server files): such a role undoes much of restricted mode's defense in depth.
/// </summary>
internal sealed class SuperuserWarning(DatabaseRegistry registry, ILogger<SuperuserWarning> logger) : BackgroundService
{
    private const string RoleSql = """
        SELECT r.rolsuper,
               pg_has_role(current_user, 'pg_read_server_files', 'MEMBER')
                 OR pg_has_role(current_user, 'pg_execute_server_program', 'MEMBER')
                 OR pg_has_role(current_user, 'pg_write_server_files', 'MEMBER'),
               current_user
        FROM pg_roles r WHERE r.rolname = current_user
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var database in registry.Databases.Where(target => target.IsRestricted))
        {
            try
            {
                await using var command = database.DataSource.CreateCommand(RoleSql);
                await using var reader = await command.ExecuteReaderAsync(stoppingToken);
                if (await reader.ReadAsync(stoppingToken) && (reader.GetBoolean(0) || reader.GetBoolean(1)))
                {
                    logger.LogCritical(
                        "SECURITY: restricted database {Database} is reached as role {Role}, which is a superuser or may read server files. " +
                        "Restricted mode still refuses writes and dangerous functions, but connect as a dedicated read-only role (see docs/postgres-connector.md).",
                        database.Name,
                        reader.GetString(2));
                }
            }
            catch (NpgsqlException ex)
            {
                logger.LogWarning("Could not check the role of database {Database} at start: {Reason}", database.Name, ex.Message);
            }
        }
    }
}
