using System.Net;
using System.Net.Sockets;
using McpPlatform.Gateway.Audit;
using McpPlatform.Gateway.Keys;
using McpPlatform.Gateway.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Tests.Storage;

/// <summary>
/// The gateway as Program.cs composes it (TestServer) with <c>ConnectionStrings:gatewaydb</c>: migrations at start,
/// retries while the database is unusable, <c>/health</c> saying why, configuration keys served meanwhile.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class GatewayStorageHostTests(GatewayPostgres postgres) : IClassFixture<GatewayPostgres>
{
    [Fact]
    public async Task Start_DatabaseUnreachable_HealthSaysWhy_ConfigurationKeysStillWork()
    {
        await using var gateway = await StartGatewayAsync($"Host=127.0.0.1;Port={FreePort()};Username=mcp_gateway;Password=secret-password-1;Database=gatewaydb;Timeout=2");

        // The first answer may come before the first attempt ("not reached yet"): wait for the attempt's reason.
        var (status, body) = await WaitForHealthAsync(gateway, text => text.Contains("unreachable", StringComparison.Ordinal));
        using var models = await gateway.GetTestClient().SendAsync(new HttpRequestMessage(HttpMethod.Get, "/v1/models") { Headers = { { "Authorization", "Bearer " + TestOptions.LocalKey } } });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("gateway-database: not ready: unreachable (ConnectionRefused)", body);
        Assert.DoesNotContain("secret-password-1", body);
        Assert.Equal(HttpStatusCode.OK, models.StatusCode);
    }

    [Fact]
    public async Task Start_DatabaseCreatedLater_RetriesThenMigratesAndBecomesReady()
    {
        var name = "late_" + Guid.NewGuid().ToString("N")[..8];
        var connectionString = postgres.Server.ConnectionString(name, "late-password-42", name);
        await using var gateway = await StartGatewayAsync(connectionString);
        var (refused, reason) = await WaitForHealthAsync(gateway, text => text.Contains("PostgreSQL refused", StringComparison.Ordinal));

        await postgres.Server.ExecuteAsync($"CREATE ROLE {name} LOGIN PASSWORD 'late-password-42'");
        await postgres.Server.ExecuteAsync($"CREATE DATABASE {name} OWNER {name}");
        var (ready, healthy) = await WaitForHealthAsync(gateway, text => text == "Healthy");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused);
        Assert.Contains("gateway-database: not ready: PostgreSQL refused (28P01)", reason);
        Assert.Equal(HttpStatusCode.OK, ready);
        Assert.Equal("Healthy", healthy);
        Assert.True(gateway.Services.GetRequiredService<GatewayDatabase>().IsReady);
        Assert.Equal(2L, await GatewayPostgres.ScalarAsync<long>(postgres.DataSource(connectionString), "SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Start_DatabaseReady_KeysCreatedThroughTheRepositoryReachTheCache_AuditFlushedOnStop()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var gateway = await StartGatewayAsync(connectionString);
        VirtualKeyCache cache;
        try
        {
            await WaitForHealthAsync(gateway, text => text == "Healthy");
            var created = await gateway.Services.GetRequiredService<VirtualKeyRepository>().CreateAsync(new VirtualKeySpec { Name = "phone", Servers = ["*"] }, CancellationToken.None);
            cache = gateway.Services.GetRequiredService<VirtualKeyCache>();
            await Keys.VirtualKeyTestHost.WaitUntilAsync(() => cache.FindActive(created.Secret) is not null, TimeSpan.FromSeconds(5));
            var audit = gateway.Services.GetRequiredService<AuditLog>();
            for (var n = 0; n < 300; n++)
            {
                Assert.True(audit.Record(Audit.AuditTestHost.Entry(n, key: created.Key.Id)));
            }

            await gateway.StopAsync();
        }
        finally
        {
            await gateway.DisposeAsync();
        }

        Assert.Equal(300L, await GatewayPostgres.ScalarAsync<long>(postgres.DataSource(connectionString), "SELECT count(*) FROM audit_log WHERE key_id LIKE 'vk\\_%'"));
    }

    [Fact]
    public async Task Start_WithoutConnectionString_NoDatabaseCheck_StoresSayNotConfigured()
    {
        await using var gateway = await StartGatewayAsync(connectionString: null);

        var (status, body) = await WaitForHealthAsync(gateway, _ => true);
        var refusal = await Assert.ThrowsAsync<StorageUnavailableException>(() => gateway.Services.GetRequiredService<VirtualKeyRepository>().ListAsync(CancellationToken.None));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body);
        Assert.Contains("ConnectionStrings:gatewaydb is not set", refusal.Reason);
        Assert.False(gateway.Services.GetRequiredService<AuditLog>().Record(Audit.AuditTestHost.Entry(1)));
        Assert.Null(gateway.Services.GetRequiredService<VirtualKeyCache>().Find("mcp_abcdefgh_0123456789012345678901234567890123456789012"));
    }

    [Theory]
    [InlineData("Gateway:Admin:MasterKey", "too-short", "Gateway:Admin:MasterKey must be at least 32 characters")]
    [InlineData("Gateway:Audit:BatchSize", "0", "Gateway:Audit:BatchSize must be 1-10000")]
    [InlineData("Gateway:VirtualKeys:PollInterval", "00:00:00.01", "Gateway:VirtualKeys:PollInterval must be at least")]
    [InlineData("Gateway:Database:RetryInterval", "00:00:00", "Gateway:Database:RetryInterval must be at least")]
    public async Task Start_WithAnUnusableSetting_FailsNamingIt(string setting, string value, string expected)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => StartGatewayAsync(null, new() { [setting] = value }));

        Assert.Contains(expected, failure.Message);
    }

    private static async Task<(HttpStatusCode Status, string Body)> WaitForHealthAsync(WebApplication gateway, Func<string, bool> until)
    {
        var client = gateway.GetTestClient();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            using var response = await client.GetAsync("/health");
            var body = await response.Content.ReadAsStringAsync();
            if (until(body))
            {
                return (response.StatusCode, body);
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"/health never said what was expected; last: {response.StatusCode} {body}");
            await Task.Delay(50);
        }
    }

    private static async Task<WebApplication> StartGatewayAsync(string? connectionString, Dictionary<string, string?>? extra = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, ContentRootPath = Path.GetTempPath() });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Servers:everything:Url"] = "http://127.0.0.1:9/mcp",
            ["Gateway:Keys:local-user:Key"] = TestOptions.LocalKey,
            ["Gateway:Keys:local-user:Servers:0"] = "*",
            ["Gateway:Database:RetryInterval"] = "00:00:00.2",
            ["Gateway:Audit:FlushInterval"] = "00:01:00",
            [$"ConnectionStrings:{GatewayDatabaseOptions.ConnectionName}"] = connectionString,
        });
        builder.Configuration.AddInMemoryCollection(extra ?? []);
        builder.Logging.ClearProviders();

        builder.AddServiceDefaults();
        builder.AddMcpGateway();

        var app = builder.Build();
        app.MapDefaultEndpoints(explainFailures: true);
        app.MapMcpGateway();
        try
        {
            await app.StartAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
