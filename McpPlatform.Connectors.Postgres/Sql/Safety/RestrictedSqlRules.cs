namespace McpPlatform.Connectors.Postgres.Sql.Safety;

/// <summary>
/// What restricted mode refuses beyond what the read-only role and transaction stop: functions that reach
/// files, other connections, other backends, locks outliving the call, configuration, or that run SQL
/// from a string (which would hide a call from this check).
/// </summary>
internal static class RestrictedSqlRules
{
    /// <summary>Statements a restricted call may start with (after any opening parentheses).</summary>
    public static readonly HashSet<string> ReadStatements = new(StringComparer.OrdinalIgnoreCase)
    {
        "SELECT", "WITH", "VALUES", "TABLE", "SHOW", "EXPLAIN",
    };

    /// <summary>Statements EXPLAIN may wrap: reads only, so EXPLAIN ANALYZE never executes a write.</summary>
    public static readonly HashSet<string> ExplainableReads = new(StringComparer.OrdinalIgnoreCase)
    {
        "SELECT", "WITH", "VALUES", "TABLE",
    };

    /// <summary>Words that make a read write or lock, wherever they stand unquoted: data-modifying CTEs, SELECT INTO, row locks.</summary>
    public static readonly HashSet<string> WritingWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "INSERT", "UPDATE", "DELETE", "MERGE", "INTO", "TRUNCATE", "COPY",
    };

    public static readonly Dictionary<string, string> ForbiddenFunctions = new(StringComparer.OrdinalIgnoreCase)
    {
        // Files and the server's file system.
        ["pg_read_file"] = "file access",
        ["pg_read_binary_file"] = "file access",
        ["pg_stat_file"] = "file access",
        ["pg_ls_dir"] = "file access",
        ["pg_file_write"] = "file access",
        ["pg_file_rename"] = "file access",
        ["pg_file_unlink"] = "file access",
        ["pg_file_sync"] = "file access",
        ["pg_logdir_ls"] = "file access",
        ["loread"] = "large objects",
        ["lowrite"] = "large objects",
        // Backends and the server process.
        ["pg_cancel_backend"] = "backend signalling",
        ["pg_terminate_backend"] = "backend signalling",
        ["pg_signal_backend"] = "backend signalling",
        ["pg_reload_conf"] = "configuration changes",
        ["pg_rotate_logfile"] = "server administration",
        ["pg_log_backend_memory_contexts"] = "server administration",
        ["pg_promote"] = "server administration",
        ["pg_switch_wal"] = "server administration",
        ["pg_create_restore_point"] = "server administration",
        ["pg_backup_start"] = "server administration",
        ["pg_backup_stop"] = "server administration",
        ["pg_start_backup"] = "server administration",
        ["pg_stop_backup"] = "server administration",
        ["pg_wal_replay_pause"] = "server administration",
        ["pg_wal_replay_resume"] = "server administration",
        ["pg_import_system_collations"] = "server administration",
        ["pg_notify"] = "notifications",
        // Configuration.
        ["set_config"] = "configuration changes",
        // SQL run from a string, out of this check's sight.
        ["ts_stat"] = "SQL run from a string",
        ["ts_rewrite"] = "SQL run from a string",
        ["connectby"] = "SQL run from a string",
        ["xpath_table"] = "SQL run from a string",
        // Files.
        ["xslt_process"] = "an XSLT stylesheet can read files",
        // State of the pooled connection that outlives the call and changes what later callers get.
        ["setseed"] = "changes the connection's random sequence for later calls",
        ["set_limit"] = "changes a setting of the connection for later calls",
    };

    /// <summary>
    /// Relations that hold credentials (password verifiers, user mapping options, subscription connection strings)
    /// or other roles' data (column statistics, large objects, server configuration files): refused by name
    /// whatever the role may read.
    /// </summary>
    public static readonly HashSet<string> SecretRelations = new(StringComparer.OrdinalIgnoreCase)
    {
        "pg_authid", "pg_shadow", "pg_user_mapping", "pg_user_mappings", "pg_subscription", "pg_statistic",
        "pg_statistic_ext_data", "pg_largeobject", "pg_hba_file_rules", "pg_ident_file_mappings", "pg_file_settings",
        // Other roles' and databases' settings (ALTER ROLE/DATABASE ... SET app.jwt_secret = ...): pg_roles and pg_user
        // mask passwords, not rolconfig/useconfig.
        "pg_db_role_setting", "pg_roles", "pg_user",
    };

    /// <summary>Columns that hold other roles' settings, wherever they come from.</summary>
    public static readonly HashSet<string> SecretColumns = new(StringComparer.OrdinalIgnoreCase)
    {
        "rolconfig", "setconfig", "useconfig",
    };

    public static readonly (string Prefix, string Reason)[] ForbiddenFunctionPrefixes =
    [
        ("pg_ls_", "file access"),
        ("lo_", "large objects"),
        ("dblink", "connections to other servers"),
        ("pg_advisory_", "advisory locks"),
        ("pg_try_advisory_", "advisory locks"),
        ("pg_stat_reset", "server administration"),
        ("pg_create_", "replication administration"),
        ("pg_drop_replication_slot", "replication administration"),
        ("pg_copy_", "replication administration"),
        ("pg_replication_origin_", "replication administration"),
        ("pg_replication_slot_advance", "replication administration"),
        ("pg_logical_", "replication administration"),
        ("binary_upgrade_", "server administration"),
        ("crosstab", "SQL run from a string"),
        ("hypopg", "hypothetical indexes stay in the pooled connection and skew later plans; the index tools use them for you"),
    ];

    /// <summary>
    /// Every <c>*_to_xml*</c> function (query_to_xml, table_to_xml, schema_to_xml, database_to_xml, cursor_to_xml and
    /// their <c>_xmlschema</c> forms) reads what a string names: a query, or a relation past the relation rules.
    /// </summary>
    private const string XmlExportInfix = "_to_xml";

    /// <summary>Why a function may not be called, or null when it may.</summary>
    public static string? ForbiddenReason(string functionName)
    {
        if (ForbiddenFunctions.TryGetValue(functionName, out var reason))
        {
            return reason;
        }

        if (functionName.Contains(XmlExportInfix, StringComparison.OrdinalIgnoreCase))
        {
            return "SQL or relations read from a string";
        }

        foreach (var (prefix, prefixReason) in ForbiddenFunctionPrefixes)
        {
            if (functionName.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return prefixReason;
            }
        }

        return null;
    }
}
