using McpPlatform.Connectors.Postgres.Databases;
using McpPlatform.Connectors.Postgres.Sql;
using ModelContextProtocol;
using Npgsql;

namespace McpPlatform.Connectors.Postgres.Tests.Differential;

/// <summary>A restricted database reached as a role that can read credentials or server files is refused, not just warned about.</summary>
[Collection(ProbeDatabase.Collection)]
public sealed class RoleCheckTests(ProbeDatabase database)
{
    public static TheoryData<string, string> PrivilegedRoles => new()
    {
        { "CREATE ROLE {0} LOGIN SUPERUSER PASSWORD 'pw-{0}'", "superuser" },
        { "CREATE ROLE {0} LOGIN PASSWORD 'pw-{0}'; GRANT pg_read_all_data TO {0}", "pg_authid" },
        { "CREATE ROLE {0} LOGIN PASSWORD 'pw-{0}'; GRANT pg_read_server_files TO {0}", "pg_read_server_files" },
        { "CREATE ROLE {0} LOGIN PASSWORD 'pw-{0}'; GRANT pg_execute_server_program TO {0}", "pg_execute_server_program" },
        { "CREATE ROLE {0} LOGIN PASSWORD 'pw-{0}'; GRANT SELECT ON pg_catalog.pg_authid TO {0}", "pg_authid" },
    };

    [Theory]
    [MemberData(nameof(PrivilegedRoles))]
    public async Task RestrictedDatabase_ReachedAsPrivilegedRole_IsRefusedUnlessAllowed(string create, string privilege)
    {
        var role = "privileged_" + Guid.NewGuid().ToString("N")[..8];
        await database.Server.ExecuteAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, create, role), ProbeDatabase.Database);
        await using var source = NpgsqlDataSource.Create(database.Server.ConnectionString(role, "pw-" + role, ProbeDatabase.Database));
        var refused = new DatabaseTarget(ProbeDatabase.Database, AccessMode.Restricted, source);
        var allowed = refused with { AllowPrivilegedRole = true };

        var refusal = await Assert.ThrowsAsync<McpException>(() => refused.OpenConnectionAsync(CancellationToken.None));
        await using var connection = await allowed.OpenConnectionAsync(CancellationToken.None);

        Assert.Contains(privilege, refusal.Message, StringComparison.Ordinal);
        Assert.Contains("AllowPrivilegedRole", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestrictedDatabase_ReachedAsReadOnlyRole_IsServed()
    {
        var finding = await database.Target.Role.FindAsync(database.Target, CancellationToken.None);

        Assert.Null(finding.Privilege);
        await using var connection = await database.Target.OpenConnectionAsync(CancellationToken.None);
    }
}
