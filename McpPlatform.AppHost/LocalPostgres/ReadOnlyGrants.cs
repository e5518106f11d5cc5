namespace Aspire.Hosting;

/// <summary>
/// What a read-only connector role may read: SELECT on the tables, views and sequences of every user schema of its
/// database (or only of the schemas <c>Postgres:Databases:&lt;name&gt;:Schemas</c> lists), also on those its owner creates
/// later (default privileges), and the statistics views — nothing else.
/// Not <c>pg_read_all_data</c>: that grants SELECT on the system catalogs too, <c>pg_authid</c>'s password verifiers,
/// <c>pg_user_mapping</c>'s options and <c>pg_statistic</c>'s samples of other columns included. Not <c>pg_monitor</c>:
/// its <c>pg_read_all_settings</c> shows superuser-only settings such as <c>primary_conninfo</c>. The compose init
/// script (TargetPostgres/initdb) grants the same.
/// </summary>
internal static class ReadOnlyGrants
{
    /// <summary>Cluster-wide: the statistics roles the DBA tools need, and no more than that (run on any database).</summary>
    public static IEnumerable<string> ForRole(string role) =>
    [
        // Grants of earlier versions of this provisioner; a revoke of a grant that is not there only warns.
        $"REVOKE pg_read_all_data, pg_monitor FROM {Quote(role)}",
        $"GRANT pg_read_all_stats, pg_stat_scan_tables TO {Quote(role)}",
        $"ALTER ROLE {Quote(role)} SET default_transaction_read_only = on",
    ];

    /// <summary>
    /// Per database: reads of each user schema now, and of what <paramref name="owner"/> creates later. With an
    /// <paramref name="allowList"/> (<c>Postgres:Databases:&lt;name&gt;:Schemas</c>), only of the listed schemas among
    /// <paramref name="schemas"/> (the existing user schemas): every grant on the others is revoked, default privileges
    /// included, so a shortened list takes effect at the next start.
    /// </summary>
    public static IEnumerable<string> ForDatabase(string role, string owner, IEnumerable<string> schemas, IReadOnlyCollection<string> allowList)
    {
        if (allowList.Count == 0)
        {
            return
            [
                .. schemas.SelectMany(schema => Reads(role, schema)),
                $"ALTER DEFAULT PRIVILEGES FOR ROLE {Quote(owner)} GRANT USAGE ON SCHEMAS TO {Quote(role)}",
                $"ALTER DEFAULT PRIVILEGES FOR ROLE {Quote(owner)} GRANT SELECT ON TABLES TO {Quote(role)}",
                $"ALTER DEFAULT PRIVILEGES FOR ROLE {Quote(owner)} GRANT SELECT ON SEQUENCES TO {Quote(role)}",
            ];
        }

        return
        [
            // Database-wide defaults of an earlier, unscoped start would grant every new schema and table.
            $"ALTER DEFAULT PRIVILEGES FOR ROLE {Quote(owner)} REVOKE USAGE ON SCHEMAS FROM {Quote(role)}",
            $"ALTER DEFAULT PRIVILEGES FOR ROLE {Quote(owner)} REVOKE SELECT ON TABLES FROM {Quote(role)}",
            $"ALTER DEFAULT PRIVILEGES FOR ROLE {Quote(owner)} REVOKE SELECT ON SEQUENCES FROM {Quote(role)}",
            .. schemas.SelectMany(schema => allowList.Contains(schema, StringComparer.Ordinal)
                ? [
                    .. Reads(role, schema),
                    $"ALTER DEFAULT PRIVILEGES FOR ROLE {Quote(owner)} IN SCHEMA {Quote(schema)} GRANT SELECT ON TABLES TO {Quote(role)}",
                    $"ALTER DEFAULT PRIVILEGES FOR ROLE {Quote(owner)} IN SCHEMA {Quote(schema)} GRANT SELECT ON SEQUENCES TO {Quote(role)}",
                ]
                : new[]
                {
                    $"REVOKE ALL ON ALL TABLES IN SCHEMA {Quote(schema)} FROM {Quote(role)}",
                    $"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {Quote(schema)} FROM {Quote(role)}",
                    $"REVOKE ALL ON SCHEMA {Quote(schema)} FROM {Quote(role)}",
                    $"ALTER DEFAULT PRIVILEGES FOR ROLE {Quote(owner)} IN SCHEMA {Quote(schema)} REVOKE SELECT ON TABLES FROM {Quote(role)}",
                    $"ALTER DEFAULT PRIVILEGES FOR ROLE {Quote(owner)} IN SCHEMA {Quote(schema)} REVOKE SELECT ON SEQUENCES FROM {Quote(role)}",
                }),
        ];
    }

    private static string[] Reads(string role, string schema) =>
    [
        $"GRANT USAGE ON SCHEMA {Quote(schema)} TO {Quote(role)}",
        $"GRANT SELECT ON ALL TABLES IN SCHEMA {Quote(schema)} TO {Quote(role)}",
        $"GRANT SELECT ON ALL SEQUENCES IN SCHEMA {Quote(schema)} TO {Quote(role)}",
    ];

    /// <summary>The user schemas of a database: all but the system ones (pg_catalog, information_schema, pg_toast, pg_temp_N...).</summary>
    public const string UserSchemasSql =
        "SELECT nspname::text FROM pg_catalog.pg_namespace WHERE nspname <> 'information_schema' AND nspname NOT LIKE 'pg\\_%' ORDER BY 1";

    private static readonly Npgsql.NpgsqlCommandBuilder Identifiers = new();

    /// <summary>A SQL identifier in double quotes, embedded quotes doubled (Npgsql's quoting), whatever it holds.</summary>
    private static string Quote(string identifier) => Identifiers.QuoteIdentifier(identifier);
}
