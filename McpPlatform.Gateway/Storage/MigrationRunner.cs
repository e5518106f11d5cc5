using Npgsql;

namespace McpPlatform.Gateway.Storage;

/// <summary>
/// Brings the gateway database up to date: every migration not yet in <c>schema_migrations</c> runs in version order,
/// each in its own transaction together with its record. Under a session advisory lock, so gateway processes starting
/// together apply each migration once: the second waits, then finds nothing left to do.
/// </summary>
internal static partial class MigrationRunner
{
    /// <summary>The advisory lock key ("mcpgwmig" as 8 ASCII bytes): only migrations take it in this database.</summary>
    private const long LockKey = 0x6d63_7067_776d_6967;

    /// <summary>Applies what is missing; returns the versions applied by this call (empty when the schema was current).</summary>
    /// <exception cref="InvalidOperationException">An applied migration's SQL has changed since.</exception>
    public static async Task<IReadOnlyList<int>> ApplyAsync(
        NpgsqlDataSource dataSource, IReadOnlyList<Migration> migrations, ILogger logger, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Waiting for another process's migrations is not a timeout: it ends when that process commits or dies.
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({LockKey})", cancellationToken, timeoutSeconds: 0);
        try
        {
            await ExecuteAsync(
                connection,
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    integer     PRIMARY KEY,
                    name       text        NOT NULL,
                    checksum   text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """,
                cancellationToken);

            var applied = await AppliedAsync(connection, cancellationToken);
            var done = new List<int>();
            foreach (var migration in migrations)
            {
                if (applied.TryGetValue(migration.Version, out var checksum))
                {
                    if (checksum != migration.Checksum)
                    {
                        throw new InvalidOperationException(
                            $"Migration {migration.Version:D4}_{migration.Name} was changed after it was applied to the gateway database; add a new migration instead.");
                    }

                    continue;
                }

                await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
                {
                    await ExecuteAsync(connection, migration.Sql, cancellationToken, timeoutSeconds: 0);
                    await using var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", connection);
                    record.Parameters.Add(new() { Value = migration.Version });
                    record.Parameters.Add(new() { Value = migration.Name });
                    record.Parameters.Add(new() { Value = migration.Checksum });
                    await record.ExecuteNonQueryAsync(cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                }

                Log.Applied(logger, migration.Version, migration.Name);
                done.Add(migration.Version);
            }

            return done;
        }
        finally
        {
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
            }
        }
    }

    private static async Task<Dictionary<int, string>> AppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, string>();
        await using var command = new NpgsqlCommand("SELECT version, checksum FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetInt32(0)] = reader.GetString(1);
        }

        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, int? timeoutSeconds = null)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (timeoutSeconds is { } timeout)
        {
            command.CommandTimeout = timeout;
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Gateway database: applied migration {Version:D4}_{Name}")]
        public static partial void Applied(ILogger logger, int version, string name);
    }
}
