using Npgsql;

namespace McpPlatform.Bench.Infrastructure;

/// <summary>
/// PostgreSQL 15 for the benchmark, in a fresh temporary data directory, started with the AppHost's own runner
/// script on a free loopback port: database <c>bench</c>, table <c>bench.items</c> (100 rows), and the read-only
/// role <c>mcp_readonly</c> set up as the AppHost sets it up (reads of its schemas and the statistics views, read-only by default).
/// </summary>
internal sealed class BenchPostgres : IAsyncDisposable
{
    private const string SuperPassword = "bench-superuser-password";
    private const string ReaderPassword = "bench-reader-password";

    private readonly string dataDirectory;
    private readonly ManagedProcess process;
    private readonly IDisposable onInterrupt;

    private BenchPostgres(string dataDirectory, ManagedProcess process, int port)
    {
        this.dataDirectory = dataDirectory;
        this.process = process;
        Port = port;
        onInterrupt = Interruption.OnInterrupt(() => Directory.Delete(dataDirectory, recursive: true));
    }

    public int Port { get; }

    /// <summary>The read-only role's connection string: what every server under test uses.</summary>
    public string ReaderConnectionString => $"Host=127.0.0.1;Port={Port};Database=bench;Username=mcp_readonly;Password={ReaderPassword}";

    /// <summary>The same as a URL, for the Node server-postgres.</summary>
    public string ReaderUrl => $"postgresql://mcp_readonly:{ReaderPassword}@127.0.0.1:{Port}/bench";

    public static async Task<BenchPostgres> StartAsync(RepositoryLayout layout, string logDirectory)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "mcpplatform-bench-pg-" + Guid.NewGuid().ToString("N"));
        var port = FreePort.Next();
        var process = ManagedProcess.Start("postgres", "bash", [layout.PostgresRunner], new Dictionary<string, string>
        {
            ["PGDATA"] = dataDirectory,
            ["PGPORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["POSTGRES_PASSWORD"] = SuperPassword,
        }, logDirectory);
        var postgres = new BenchPostgres(dataDirectory, process, port);
        await postgres.ProvisionAsync();
        return postgres;
    }

    private async Task ProvisionAsync()
    {
        var superuser = $"Host=127.0.0.1;Port={Port};Username=postgres;Password={SuperPassword};Pooling=false";
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await using var probe = new NpgsqlConnection(superuser + ";Database=postgres");
                await probe.OpenAsync();
                break;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }

        await ExecuteAsync(superuser + ";Database=postgres",
            "CREATE DATABASE bench",
            $"CREATE ROLE mcp_readonly LOGIN PASSWORD '{ReaderPassword}'",
            "GRANT pg_read_all_stats, pg_stat_scan_tables TO mcp_readonly",
            "ALTER ROLE mcp_readonly SET default_transaction_read_only = on");
        await ExecuteAsync(superuser + ";Database=bench",
            "CREATE SCHEMA bench",
            "CREATE TABLE bench.items (id int PRIMARY KEY, name text NOT NULL, price numeric(10,2) NOT NULL, created_at timestamptz NOT NULL)",
            "INSERT INTO bench.items SELECT g, 'item ' || g, g * 1.25, timestamptz '2026-01-01' + g * interval '1 hour' FROM generate_series(1, 100) g",
            "ANALYZE bench.items",
            "GRANT USAGE ON SCHEMA bench, public TO mcp_readonly",
            "GRANT SELECT ON ALL TABLES IN SCHEMA bench, public TO mcp_readonly");
    }

    private static async Task ExecuteAsync(string connectionString, params string[] statements)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        onInterrupt.Dispose();
        NpgsqlConnection.ClearAllPools();
        await process.DisposeAsync();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
