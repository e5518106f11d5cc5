using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Aspire.Hosting;

/// <summary>
/// Creates, once the server accepts connections, each database with its login role, and runs its seed SQL
/// the first time. Idempotent: a later run only brings role passwords in line with their parameters.
/// </summary>
internal static class LocalPostgresProvisioner
{
    public static async Task ProvisionAsync(LocalPostgresServerResource server, IServiceProvider services, CancellationToken cancellationToken)
    {
        var logger = services.GetRequiredService<ResourceLoggerService>().GetLogger(server);
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        var serverConnectionString = await server.ConnectionStringExpression.GetValueAsync(cancellationToken)
            ?? throw new InvalidOperationException($"The connection string of '{server.Name}' is not available.");

        foreach (var database in server.Databases.Values)
        {
            try
            {
                await ProvisionDatabaseAsync(serverConnectionString, database, logger, cancellationToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                logger.LogError(ex, "Could not create database {Database}", database.DatabaseName);
                await notifications.PublishUpdateAsync(database, state => state with { State = KnownResourceStates.FailedToStart });
                continue;
            }

            // A database is no process of its own: it runs once it exists; its health check then says if it is reachable.
            await notifications.PublishUpdateAsync(database, state => state with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = DateTime.UtcNow,
            });
        }
    }

    private static async Task ProvisionDatabaseAsync(string serverConnectionString, LocalPostgresDatabaseResource database, ILogger logger, CancellationToken cancellationToken)
    {
        var login = database.Login;
        var password = await login.Password.GetValueAsync(cancellationToken) ?? throw new InvalidOperationException($"Parameter '{login.Password.Name}' has no value.");

        await using var maintenance = new NpgsqlConnection(serverConnectionString);
        await maintenance.OpenAsync(cancellationToken);

        var roleExists = await ScalarAsync<bool>(maintenance, "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)", cancellationToken, login.RoleName);
        var verb = roleExists ? "ALTER" : "CREATE";
        // Role options cannot be bound as parameters: format() quotes them safely on the server.
        var roleSql = await ScalarAsync<string>(
            maintenance,
            $"SELECT format('{verb} ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD %L', $1::text, $2::text)",
            cancellationToken,
            login.RoleName,
            password);
        await ExecuteAsync(maintenance, roleSql, cancellationToken);

        var databaseExists = await ScalarAsync<bool>(maintenance, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", cancellationToken, database.DatabaseName);
        if (!databaseExists)
        {
            var owner = login.ReadOnly ? LocalPostgresServerResource.SuperUserName : login.RoleName;
            await ExecuteAsync(maintenance, await ScalarAsync<string>(maintenance, "SELECT format('CREATE DATABASE %I OWNER %I', $1::text, $2::text)", cancellationToken, database.DatabaseName, owner), cancellationToken);
            logger.LogInformation("Created database {Database}", database.DatabaseName);
        }

        if (login.ReadOnly)
        {
            foreach (var statement in ReadOnlyGrants.ForRole(login.RoleName))
            {
                await ExecuteAsync(maintenance, statement, cancellationToken);
            }
        }
        else
        {
            // A database its role owns (the gateway's) is that role's alone: no other login, the connectors' included, may connect.
            await ExecuteAsync(maintenance, await ScalarAsync<string>(maintenance, "SELECT format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', $1::text)", cancellationToken, database.DatabaseName), cancellationToken);
        }

        var builder = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = database.DatabaseName };
        if (database.Extensions.Count > 0)
        {
            await CreateExtensionsAsync(builder.ConnectionString, database, logger, cancellationToken);
        }

        if (!databaseExists && database.SeedSql is { } seed)
        {
            try
            {
                await using var target = new NpgsqlConnection(builder.ConnectionString);
                await target.OpenAsync(cancellationToken);
                await ExecuteAsync(target, seed, cancellationToken);
                logger.LogInformation("Seeded database {Database}", database.DatabaseName);
            }
            catch
            {
                // Without its seed the database is dropped, so that the next run creates and seeds it again.
                NpgsqlConnection.ClearAllPools();
                await ExecuteAsync(maintenance, await ScalarAsync<string>(maintenance, "SELECT format('DROP DATABASE IF EXISTS %I WITH (FORCE)', $1::text)", CancellationToken.None, database.DatabaseName), CancellationToken.None);
                throw;
            }
        }

        if (login.ReadOnly)
        {
            // On every start, after the seed: schemas added since the last run get their grants too.
            await GrantReadsAsync(builder.ConnectionString, login.RoleName, database.Schemas, logger, cancellationToken);
        }
    }

    /// <summary>
    /// Grants <paramref name="role"/> reads of the database's user schemas, or of only those <paramref name="allowList"/>
    /// names (revoking the others'); warns about listed schemas the database does not have.
    /// </summary>
    internal static async Task GrantReadsAsync(string connectionString, string role, IReadOnlyCollection<string> allowList, ILogger logger, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var schemas = new List<string>();
        await using (var command = new NpgsqlCommand(ReadOnlyGrants.UserSchemasSql, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                schemas.Add(reader.GetString(0));
            }
        }

        foreach (var missing in allowList.Except(schemas, StringComparer.Ordinal))
        {
            logger.LogWarning("Postgres:Databases Schemas lists schema '{Schema}', which database {Database} does not have (names are case-sensitive): it is granted at the first start after it exists", missing, connection.Database);
        }

        foreach (var statement in ReadOnlyGrants.ForDatabase(role, LocalPostgresServerResource.SuperUserName, schemas, allowList))
        {
            await ExecuteAsync(connection, statement, cancellationToken);
        }
    }

    private static async Task CreateExtensionsAsync(string connectionString, LocalPostgresDatabaseResource database, ILogger logger, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        foreach (var extension in database.Extensions)
        {
            if (!await ScalarAsync<bool>(connection, "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = $1)", cancellationToken, extension))
            {
                logger.LogWarning("Extension {Extension} is not installed on this server; {Database} runs without it", extension, database.DatabaseName);
                continue;
            }

            await ExecuteAsync(connection, await ScalarAsync<string>(connection, "SELECT format('CREATE EXTENSION IF NOT EXISTS %I', $1::text)", cancellationToken, extension), cancellationToken);
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
