using System.Net.Http.Headers;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;

namespace McpPlatform.IntegrationTests;

/// <summary>
/// Starts the real AppHost once for the collection: embedded PostgreSQL in a fresh data directory,
/// the Postgres connector and the gateway, all as processes, with a known gateway key and connector secret.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public const string ApiKey = "integration-test-key-7f3c9d2a41b8e6";

    /// <summary>The gateway's admin key (parameter <c>gateway-master-key</c>), for the admin API tests.</summary>
    public const string MasterKey = "integration-master-key-5d2e8a1c9f7b34e6a0";

    /// <summary>The connector's secret (parameter <c>mcp-postgres-secret</c>): what the gateway sends it, and tests that call it directly.</summary>
    public const string ConnectorSecret = "connector-test-secret-3b9e51c7d2a846";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "mcpplatform-it-" + Guid.NewGuid().ToString("N"));
    private readonly Lazy<Task<ConnectorProcess>> openConnector;

    public PlatformFixture() =>
        openConnector = new(async () => await ConnectorProcess.StartOpenAsync(
            await App.GetConnectionStringAsync("maindb") ?? throw new InvalidOperationException("maindb has no connection string.")));

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>An upstream whose tools sample, elicit, list roots and report progress, behind the gateway as <c>fixture</c>.</summary>
    public FixtureServer Fixture { get; private set; } = null!;

    /// <summary>The server the MCP conformance suite tests, behind the gateway as <c>conformance</c>.</summary>
    public ConformanceFixture.ConformanceServer Conformance { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        using var cts = new CancellationTokenSource(StartTimeout);
        Fixture = await FixtureServer.StartAsync();
        Conformance = await ConformanceFixture.ConformanceServer.StartAsync();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.McpPlatform_AppHost>(
            [$"LocalPostgres:DataDirectory={dataDirectory}", $"Parameters:gateway-api-key={ApiKey}", $"Parameters:gateway-master-key={MasterKey}", $"Parameters:mcp-postgres-secret={ConnectorSecret}"],
            (options, _) => options.DisableDashboard = true,
            cts.Token);
        GatewayTestConfiguration.Apply(builder, Fixture.McpUrl, Conformance.McpUrl);
        App = await builder.BuildAsync(cts.Token);
        try
        {
            await App.StartAsync(cts.Token);
            await App.ResourceNotifications.WaitForResourceHealthyAsync("gateway", cts.Token);
        }
        catch (Exception ex)
        {
            // A start that fails says why: the resources' last lines and the gateway's /health (also kept under TestResults).
            var diagnostics = await ResourceDiagnostics.DescribeAsync(App, "gateway", "postgres", "mcp-postgres");
            var results = Directory.CreateDirectory(Path.Combine(RepositoryPaths.Root, "TestResults"));
            await File.WriteAllTextAsync(Path.Combine(results.FullName, "platform-start-failure.log"), diagnostics);
            throw new InvalidOperationException($"The platform did not become healthy ({ex.Message}).\n{diagnostics}", ex);
        }

        await CreateWorkloadTableAsync(cts.Token);
    }

    /// <summary>
    /// A table large enough that an index beats a sequential scan, so index advice has something to find
    /// (the demo tables are too small). Made as a superuser: the connector itself can only read.
    /// </summary>
    private async Task CreateWorkloadTableAsync(CancellationToken cancellationToken)
    {
        await using var connection = new Npgsql.NpgsqlConnection(await SuperuserConnectionStringAsync());
        await connection.OpenAsync(cancellationToken);
        await using var command = new Npgsql.NpgsqlCommand(
            """
            CREATE SCHEMA perf;
            CREATE TABLE perf.events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, kind int NOT NULL, account int NOT NULL, created_at timestamptz NOT NULL);
            INSERT INTO perf.events (kind, account, created_at)
                SELECT g % 50, g % 1000, timestamptz '2026-01-01' + g * interval '1 minute' FROM generate_series(1, 30000) g;
            ANALYZE perf.events;
            """,
            connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task DisposeAsync()
    {
        if (openConnector is { IsValueCreated: true })
        {
            await (await openConnector.Value).DisposeAsync();
        }

        if (App is not null)
        {
            await App.DisposeAsync();
        }

        if (Fixture is not null)
        {
            await Fixture.DisposeAsync();
        }

        if (Conformance is not null)
        {
            await Conformance.DisposeAsync();
        }

        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>An HTTP client for the gateway, with the test key unless <paramref name="apiKey"/> says otherwise.</summary>
    public HttpClient CreateGatewayHttpClient(string? apiKey = ApiKey)
    {
        var http = App.CreateHttpClient("gateway");
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return http;
    }

    /// <summary>An HTTP client straight to the Postgres connector, presenting <paramref name="secret"/> as its bearer token (none if null).</summary>
    public HttpClient CreateConnectorHttpClient(string? secret = ConnectorSecret)
    {
        var http = App.CreateHttpClient("mcp-postgres");
        if (secret is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        }

        return http;
    }

    /// <summary>
    /// A second connector on the same database, in Development without a secret (open, with a warning), started on
    /// first use: for clients that cannot send headers, like the MCP conformance suite.
    /// </summary>
    public Task<ConnectorProcess> GetOpenConnectorAsync() => openConnector.Value;

    /// <summary>An MCP C# SDK client session straight to the Postgres connector (no gateway), with the connector's secret.</summary>
    public async Task<McpClient> ConnectToConnectorAsync(HttpTransportMode mode = HttpTransportMode.StreamableHttp, CancellationToken cancellationToken = default)
    {
        var http = CreateConnectorHttpClient();
        var path = mode == HttpTransportMode.Sse ? "/mcp/sse" : "/mcp";
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions { Endpoint = new Uri(http.BaseAddress!, path), TransportMode = mode },
            http,
            NullLoggerFactory.Instance,
            ownsHttpClient: true);
        return await McpClient.CreateAsync(transport, cancellationToken: cancellationToken);
    }

    /// <summary>A superuser connection string to the test database, for checks made around the code under test.</summary>
    public async Task<string> SuperuserConnectionStringAsync()
    {
        var readOnly = new Npgsql.NpgsqlConnectionStringBuilder(await App.GetConnectionStringAsync("maindb"));
        var server = new Npgsql.NpgsqlConnectionStringBuilder(await App.GetConnectionStringAsync("postgres")) { Database = readOnly.Database };
        return server.ConnectionString;
    }

    /// <summary>An MCP C# SDK client session with a gateway route (default: the aggregate route, the test key).</summary>
    public async Task<McpClient> ConnectToGatewayAsync(
        string path = "/mcp", string apiKey = ApiKey, Dictionary<string, string>? headers = null, HttpTransportMode mode = HttpTransportMode.StreamableHttp, McpClientOptions? options = null)
    {
        var http = CreateGatewayHttpClient(apiKey);
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions { Endpoint = new Uri(http.BaseAddress!, path), TransportMode = mode, AdditionalHeaders = headers },
            http,
            NullLoggerFactory.Instance,
            ownsHttpClient: true);
        return await McpClient.CreateAsync(transport, options);
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
