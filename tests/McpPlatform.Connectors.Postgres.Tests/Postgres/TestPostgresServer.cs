using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace McpPlatform.Connectors.Postgres.Tests.Postgres;

/// <summary>
/// A real PostgreSQL server for the tests of this project: a fresh data directory (initdb), loopback only, stopped
/// and deleted at the end. Runs as the <c>postgres</c> user when the tests run as root (postgres refuses root).
/// Binaries from <c>LocalPostgres__BinDirectory</c>, else PostgreSQL 15's Debian location.
/// </summary>
/// <param name="settings">Extra server settings, each <c>name=value</c> (e.g. <c>shared_preload_libraries=pg_stat_statements</c>).</param>
public sealed class TestPostgresServer(params string[] settings) : IAsyncLifetime
{
    private static readonly string BinDirectory =
        Environment.GetEnvironmentVariable("LocalPostgres__BinDirectory") ?? "/usr/lib/postgresql/15/bin";

    private readonly string directory = Path.Combine(Path.GetTempPath(), "mcpplatform-pgtest-" + Guid.NewGuid().ToString("N"));
    private Process? server;

    public int Port { get; private set; }

    /// <summary>A superuser connection string to <paramref name="database"/>.</summary>
    public string SuperuserConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Timeout=15";

    public string ConnectionString(string role, string password, string database) =>
        $"Host=127.0.0.1;Port={Port};Username={role};Password={password};Database={database};Pooling=true;Timeout=15";

    public async Task InitializeAsync()
    {
        var dataDirectory = Path.Combine(directory, "data");
        Directory.CreateDirectory(directory);
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", ["postgres:postgres", directory], asPostgres: false);
        }

        await RunAsync(Path.Combine(BinDirectory, "initdb"), ["-D", dataDirectory, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync", "-E", "UTF8", "--locale=C"], asPostgres: true);
        // The superuser over loopback TCP without a password (first line wins); every other role with its password.
        var hbaFile = Path.Combine(dataDirectory, "pg_hba.conf");
        await File.WriteAllLinesAsync(hbaFile, ["host all postgres 127.0.0.1/32 trust", .. await File.ReadAllLinesAsync(hbaFile)]);

        Port = FreePort();
        server = Process.Start(StartInfo(Path.Combine(BinDirectory, "postgres"), ["-D", dataDirectory, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c", "listen_addresses=127.0.0.1", "-c", $"unix_socket_directories={directory}", "-c", "fsync=off", "-c", "log_min_messages=panic", "-c", "log_min_error_statement=panic", .. settings.SelectMany(setting => new[] { "-c", setting })], asPostgres: true))
            ?? throw new InvalidOperationException("postgres did not start");
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(SuperuserConnectionString());
                await connection.OpenAsync();
                return;
            }
            catch (NpgsqlException) when (deadline.Elapsed < TimeSpan.FromSeconds(30) && !server.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (server is { HasExited: false })
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }

        server?.Dispose();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Runs SQL as the superuser on <paramref name="database"/>.</summary>
    public async Task ExecuteAsync(string sql, string database = "postgres")
    {
        await using var connection = new NpgsqlConnection(SuperuserConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task RunAsync(string file, string[] arguments, bool asPostgres)
    {
        var info = StartInfo(file, arguments, asPostgres);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed ({process.ExitCode}): {await output}{await error}");
        }
    }

    private ProcessStartInfo StartInfo(string file, string[] arguments, bool asPostgres)
    {
        var info = asPostgres && Environment.UserName == "root"
            ? new ProcessStartInfo("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", file, .. arguments])
            : new ProcessStartInfo(file, arguments);
        info.UseShellExecute = false;
        info.WorkingDirectory = directory;
        return info;
    }
}
