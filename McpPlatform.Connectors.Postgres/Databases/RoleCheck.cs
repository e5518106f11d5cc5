using ModelContextProtocol;

namespace McpPlatform.Connectors.Postgres.Databases;

/// <summary>
/// Whether the role a restricted database is reached as is one restricted mode may rely on: no superuser, no
/// member of the roles that read or write server files or run programs, and no SELECT on <c>pg_authid</c> (the
/// password verifiers; <c>pg_read_all_data</c> grants it). Checked once, at start and before the first use; a
/// database whose role fails it is refused unless <c>AllowPrivilegedRole</c> is set.
/// </summary>
public sealed class RoleCheck
{
    private const string RoleSql = """
        SELECT current_user::text,
               CASE WHEN r.rolsuper THEN 'is a superuser'
                    WHEN pg_has_role(current_user, 'pg_execute_server_program', 'MEMBER') THEN 'may run programs on the server (pg_execute_server_program)'
                    WHEN pg_has_role(current_user, 'pg_read_server_files', 'MEMBER') THEN 'may read server files (pg_read_server_files)'
                    WHEN pg_has_role(current_user, 'pg_write_server_files', 'MEMBER') THEN 'may write server files (pg_write_server_files)'
                    WHEN has_table_privilege('pg_catalog.pg_authid', 'SELECT') THEN 'may read pg_authid, the password verifiers (pg_read_all_data grants that)'
               END
        FROM pg_catalog.pg_roles r WHERE r.rolname = current_user
        """;

    private readonly Lock gate = new();
    private Task<RoleFinding>? check;

    /// <summary>The role and, when it is privileged, what it may do; checked once (again after a failed check).</summary>
    public Task<RoleFinding> FindAsync(DatabaseTarget database, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (check is null || check.IsFaulted || check.IsCanceled)
            {
                check = RunAsync(database, cancellationToken);
            }

            return check;
        }
    }

    /// <summary>Throws an <see cref="McpException"/> saying why when the database is refused for its role.</summary>
    public async Task EnsureServedAsync(DatabaseTarget database, CancellationToken cancellationToken)
    {
        var finding = await FindAsync(database, cancellationToken);
        if (finding.Refused(database) is { } reason)
        {
            throw new McpException(reason);
        }
    }

    private static async Task<RoleFinding> RunAsync(DatabaseTarget database, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(RoleSql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new RoleFinding(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1))
            : throw new InvalidOperationException("The current role is not in pg_roles.");
    }
}

/// <summary>The role a database is reached as, and what makes it privileged (null: nothing).</summary>
public sealed record RoleFinding(string Role, string? Privilege)
{
    /// <summary>Why <paramref name="database"/> is not served, or null when it is.</summary>
    public string? Refused(DatabaseTarget database) =>
        Privilege is null || !database.IsRestricted || database.AllowPrivilegedRole
            ? null
            : $"Database '{database.Name}' is refused: restricted mode needs a read-only role, and role '{Role}' {Privilege}. " +
              $"Connect as a dedicated read-only role (docs/postgres-connector.md), or set Postgres:Databases:{database.Name}:AllowPrivilegedRole=true to serve it anyway.";
}
