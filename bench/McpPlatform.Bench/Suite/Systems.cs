using McpPlatform.Bench.Infrastructure;

namespace McpPlatform.Bench.Suite;

/// <summary>
/// Everything under test, started on loopback: PostgreSQL, our connector and gateway (built assemblies, as
/// processes), the Node <c>server-postgres</c> behind <c>mcp-proxy</c>, and <c>server-everything</c> behind
/// <c>mcp-proxy</c> and behind our gateway, and <c>@bytebase/dbhub</c> over HTTP (read-only mode).
/// </summary>
internal sealed class Systems : IAsyncDisposable
{
    public const string ApiKey = "bench-key-0123456789abcdef";

    /// <summary>The connector's secret (<c>Connector:Secret</c>): the gateway sends it upstream, the direct cells present it.</summary>
    public const string ConnectorSecret = "bench-connector-secret-0123456789";

    public const string ConnectorProject = "McpPlatform.Connectors.Postgres";

    private readonly List<IAsyncDisposable> started = [];

    private readonly string? gatewayBAssembly;

    private Systems(RepositoryLayout layout, string? gatewayBAssembly)
    {
        Layout = layout;
        this.gatewayBAssembly = gatewayBAssembly;
    }

    public RepositoryLayout Layout { get; }

    public BenchPostgres Postgres { get; private set; } = null!;

    public Uri Connector { get; private set; } = null!;

    public ManagedProcess ConnectorProcess { get; private set; } = null!;

    public Uri Gateway { get; private set; } = null!;

    public ManagedProcess GatewayProcess { get; private set; } = null!;

    /// <summary>The second gateway of an A/B run (<c>--gateway-b</c>), configured as the first; null otherwise.</summary>
    public Uri? GatewayB { get; private set; }

    public ManagedProcess? GatewayBProcess { get; private set; }

    public Uri PostgresProxy { get; private set; } = null!;

    public Uri EverythingProxy { get; private set; } = null!;

    public Uri Dbhub { get; private set; } = null!;

    /// <summary>dbhub's configuration (TOML): the bench database, <c>execute_sql</c> in read-only mode (dbhub takes that from no flag).</summary>
    public string DbhubConfig { get; private set; } = null!;

    public static async Task<Systems> StartAsync(RepositoryLayout layout, string logDirectory, string? gatewayBAssembly = null)
    {
        var systems = new Systems(layout, gatewayBAssembly);
        try
        {
            await systems.StartAllAsync(logDirectory);
            return systems;
        }
        catch
        {
            await systems.DisposeAsync();
            throw;
        }
    }

    private async Task StartAllAsync(string logDirectory)
    {
        Postgres = await BenchPostgres.StartAsync(Layout, logDirectory);
        started.Add(Postgres);

        var connectorPort = FreePort.Next();
        var connector = Track(ManagedProcess.Start("connector", "dotnet", [Layout.Assembly(ConnectorProject), "--urls", $"http://127.0.0.1:{connectorPort}"], new Dictionary<string, string>
        {
            ["ConnectionStrings__maindb"] = Postgres.ReaderConnectionString,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Connector__Secret"] = ConnectorSecret,
        }, logDirectory, Path.GetDirectoryName(Layout.Assembly(ConnectorProject))));
        Connector = new Uri($"http://127.0.0.1:{connectorPort}/mcp");

        var gatewayPort = FreePort.Next();
        GatewayProcess = Track(StartGateway("gateway", gatewayPort, logDirectory));
        Gateway = new Uri($"http://127.0.0.1:{gatewayPort}/");
        if (gatewayBAssembly is not null)
        {
            var gatewayBPort = FreePort.Next();
            GatewayBProcess = Track(StartGateway("gateway-b", gatewayBPort, logDirectory, gatewayBAssembly));
            GatewayB = new Uri($"http://127.0.0.1:{gatewayBPort}/");
        }

        var postgresProxyPort = FreePort.Next();
        Track(ManagedProcess.Start("mcp-proxy-server-postgres", Layout.Node,
            [Layout.McpProxy, "--host", "127.0.0.1", "--port", postgresProxyPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--server", "stream", "--", Layout.Node, Layout.ServerPostgres, Postgres.ReaderUrl],
            null, logDirectory));
        PostgresProxy = new Uri($"http://127.0.0.1:{postgresProxyPort}/mcp");

        var everythingProxyPort = FreePort.Next();
        Track(ManagedProcess.Start("mcp-proxy-server-everything", Layout.Node,
            [Layout.McpProxy, "--host", "127.0.0.1", "--port", everythingProxyPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--server", "stream", "--", Layout.Node, Layout.ServerEverything, "stdio"],
            null, logDirectory));
        EverythingProxy = new Uri($"http://127.0.0.1:{everythingProxyPort}/mcp");

        DbhubConfig = Path.Combine(logDirectory, "dbhub.toml");
        await File.WriteAllTextAsync(DbhubConfig, $"""
            [[sources]]
            id = "bench"
            dsn = "{Postgres.ReaderUrl}?sslmode=disable"

            [[tools]]
            name = "execute_sql"
            source = "bench"
            readonly = true
            """);
        var dbhubPort = FreePort.Next();
        var dbhub = Track(ManagedProcess.Start("dbhub", Layout.Node,
            [Layout.Dbhub, "--transport", "http", "--host", "127.0.0.1", "--port", dbhubPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--config", DbhubConfig],
            null, logDirectory));
        Dbhub = new Uri($"http://127.0.0.1:{dbhubPort}/mcp");

        ConnectorProcess = connector;
        await connector.WaitForHttpAsync(new Uri($"http://127.0.0.1:{connectorPort}/health"), TimeSpan.FromSeconds(60));
        await GatewayProcess.WaitForHttpAsync(new Uri(Gateway, "/health"), TimeSpan.FromSeconds(60));
        await WaitForUpstreamsAsync(Gateway);
        if (GatewayB is not null)
        {
            await GatewayBProcess!.WaitForHttpAsync(new Uri(GatewayB, "/health"), TimeSpan.FromSeconds(60));
            await WaitForUpstreamsAsync(GatewayB);
        }

        await WaitForListenerAsync(PostgresProxy);
        await WaitForListenerAsync(EverythingProxy);
        await dbhub.WaitForHttpAsync(new Uri($"http://127.0.0.1:{dbhubPort}/healthz"), TimeSpan.FromSeconds(60));
    }

    /// <summary>
    /// Starts another gateway with the same configuration while nothing else is starting, and returns the time from
    /// its process start until <c>/health</c> answered 200 (median of three).
    /// </summary>
    public async Task<TimeSpan> MeasureGatewayStartAsync(string logDirectory)
    {
        var times = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            var port = FreePort.Next();
            await using var gateway = StartGateway($"gateway-start-{i}", port, logDirectory);
            await gateway.WaitForHttpAsync(new Uri($"http://127.0.0.1:{port}/health"), TimeSpan.FromSeconds(60));
            times.Add(DateTime.UtcNow - gateway.StartTime);
        }

        return times.Order().ElementAt(1);
    }

    private ManagedProcess StartGateway(string name, int port, string logDirectory, string? assembly = null) =>
        ManagedProcess.Start(name, "dotnet", [assembly ?? Layout.Assembly("McpPlatform.Gateway"), "--urls", $"http://127.0.0.1:{port}"], new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Gateway__Servers__postgres_main__Url"] = Connector.ToString(),
            ["Gateway__Servers__postgres_main__Headers__Authorization"] = "Bearer " + ConnectorSecret,
            // The same connector once more, with 2026-07-28 stateless requests instead of the default 2025-11-25 session
            // (A/B of Servers:<name>:ProtocolVersion in the same run).
            ["Gateway__Servers__postgres_stateless__Url"] = Connector.ToString(),
            ["Gateway__Servers__postgres_stateless__ProtocolVersion"] = "2026-07-28",
            ["Gateway__Servers__postgres_stateless__Headers__Authorization"] = "Bearer " + ConnectorSecret,
            ["Gateway__Servers__everything__Transport"] = "stdio",
            ["Gateway__Servers__everything__Command"] = Layout.Node,
            ["Gateway__Servers__everything__Args__0"] = Layout.ServerEverything,
            ["Gateway__Servers__everything__Args__1"] = "stdio",
            ["Gateway__Keys__local-user__Key"] = ApiKey,
            // The scale step opens 1,000 sessions with this one key: above the per-key default (Gateway:Limits).
            ["Gateway__Limits__MaxSessionsPerKey"] = "2000",
        }, logDirectory, Path.GetDirectoryName(assembly ?? Layout.Assembly("McpPlatform.Gateway"))); // its appsettings.json: postgres_main, key local-user

    private ManagedProcess Track(ManagedProcess process)
    {
        started.Add(process);
        return process;
    }

    /// <summary>The gateway started before the connector answered: wait until it reports every upstream up.</summary>
    private static async Task WaitForUpstreamsAsync(Uri gateway)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiKey);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            using var servers = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri(gateway, "/v1/mcp/servers")));
            var statuses = servers.RootElement.GetProperty("servers").EnumerateArray().Select(server => server.GetProperty("status").GetString()).ToList();
            if (statuses.Count == 3 && statuses.All(status => status == "up"))
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException("The gateway did not report every upstream up within 60 s; see its log.");
    }

    /// <summary>mcp-proxy has no health route: wait until its port accepts connections.</summary>
    private static async Task WaitForListenerAsync(Uri url)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var tcp = new System.Net.Sockets.TcpClient();
                await tcp.ConnectAsync(url.Host, url.Port);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var item in Enumerable.Reverse(started))
        {
            await item.DisposeAsync();
        }
    }
}
