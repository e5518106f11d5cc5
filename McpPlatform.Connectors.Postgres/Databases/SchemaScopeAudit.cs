using Npgsql;

namespace McpPlatform.Connectors.Postgres.Databases;

/// <summary>
/// At start, warns about each name of a database's <c>Schemas</c> allow-list that the database has no schema of (a typo,
/// a case mismatch, or a schema yet to be created): nothing of it is shown until it exists under exactly that name.
/// </summary>
internal sealed class SchemaScopeAudit(DatabaseRegistry registry, ILogger<SchemaScopeAudit> logger) : BackgroundService
{
    private const string MissingSql = """
        SELECT listed FROM unnest($1::text[]) AS listed
        WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace n WHERE n.nspname = listed)
        ORDER BY 1
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var database in registry.Databases.Where(target => target.Schemas.IsScoped))
        {
            try
            {
                foreach (var missing in await MissingAsync(database, stoppingToken))
                {
                    logger.LogWarning(
                        "Postgres:Databases:{Database}:Schemas lists schema '{Schema}', which the database does not have (names are case-sensitive): nothing of it is shown until it exists",
                        database.Name,
                        missing);
                }
            }
            catch (NpgsqlException ex)
            {
                logger.LogWarning("Could not check the Schemas allow-list of database {Database} at start: {Reason}", database.Name, ex.Message);
            }
        }
    }

    private static async Task<List<string>> MissingAsync(DatabaseTarget database, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(MissingSql);
        command.Parameters.Add(database.Schemas.Parameter());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var missing = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            missing.Add(reader.GetString(0));
        }

        return missing;
    }
}
