using Npgsql;

namespace McpPlatform.IntegrationTests;

/// <summary>Reads the database directly as a superuser, around the code under test, to see what really happened.</summary>
internal static class DatabaseProbe
{
    /// <summary>Every row of the demo tables, and the schemas and tables that exist: any write changes it.</summary>
    public static Task<string> FingerprintAsync(string connectionString) => ScalarAsync<string>(
        connectionString,
        """
        SELECT (SELECT count(*) || ':' || coalesce(string_agg(id || '/' || customer_id || '/' || product_id || '/' || quantity, ',' ORDER BY id), '') FROM demo.orders)
            || '|' || (SELECT count(*) || ':' || coalesce(string_agg(id || '/' || name || '/' || email || '/' || city, ',' ORDER BY id), '') FROM demo.customers)
            || '|' || (SELECT count(*) || ':' || coalesce(string_agg(id || '/' || sku || '/' || price, ',' ORDER BY id), '') FROM demo.products)
            || '|' || (SELECT string_agg(schemaname || '.' || tablename, ',' ORDER BY 1) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema'))
            || '|' || (SELECT count(*) FROM pg_largeobject_metadata)
        """);

    /// <summary>Advisory locks held by anyone: a refused pg_advisory_lock must leave none behind.</summary>
    public static Task<long> AdvisoryLockCountAsync(string connectionString) =>
        ScalarAsync<long>(connectionString, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'");

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
