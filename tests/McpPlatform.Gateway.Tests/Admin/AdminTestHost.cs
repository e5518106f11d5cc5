using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using McpPlatform.Gateway.Keys;
using McpPlatform.Gateway.Storage;
using McpPlatform.Gateway.Tests.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace McpPlatform.Gateway.Tests.Admin;

/// <summary>
/// A whole gateway in this process (<see cref="GatewayHost"/>, in-memory upstreams) with its own database on the tests'
/// PostgreSQL and a master key: the admin API, virtual keys and the audit log as a real process has them.
/// </summary>
internal sealed class AdminTestHost : IAsyncDisposable
{
    public const string MasterKey = "admin-master-key-0123456789abcdef0123";

    private AdminTestHost(GatewayHost gateway, string? connectionString)
    {
        Gateway = gateway;
        ConnectionString = connectionString;
    }

    public GatewayHost Gateway { get; }

    public string? ConnectionString { get; }

    /// <summary>
    /// Starts a gateway over <paramref name="upstreams"/> on the database <paramref name="connectionString"/> (null: none),
    /// and waits until its migrations are applied and its key copy is loaded.
    /// </summary>
    public static async Task<AdminTestHost> StartAsync(
        IReadOnlyList<FakeUpstream> upstreams, string? connectionString, IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Gateway:Admin:MasterKey"] = MasterKey,
            ["Gateway:VirtualKeys:PollInterval"] = "00:00:00.5",
            ["Gateway:Database:RetryInterval"] = "00:00:00.2",
            ["Gateway:Audit:FlushInterval"] = "00:00:00.1",
        };
        if (connectionString is not null)
        {
            all["ConnectionStrings:gatewaydb"] = connectionString;
        }

        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            all[name] = value;
        }

        var gateway = await GatewayHost.StartAsync(upstreams, all, configure: configure);
        if (connectionString is not null)
        {
            var cache = gateway.Services.GetRequiredService<VirtualKeyCache>();
            var database = gateway.Services.GetRequiredService<GatewayDatabase>();
            await Keys.VirtualKeyTestHost.WaitUntilAsync(() => database.IsReady && cache.IsUsable, TimeSpan.FromSeconds(15));
        }

        return new AdminTestHost(gateway, connectionString);
    }

    /// <summary>An HTTP client with the master key.</summary>
    public HttpClient Admin() => Gateway.Http(MasterKey);

    /// <summary>Creates a key through the admin API; returns its id, key and the whole answer.</summary>
    public async Task<(string Id, string Key, JsonElement Body)> CreateKeyAsync(object spec)
    {
        using var admin = Admin();
        using var response = await admin.PostAsJsonAsync("/v1/admin/keys", spec);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"create answered {response.StatusCode}: {body}");
        return (body.GetProperty("id").GetString()!, body.GetProperty("key").GetString()!, body);
    }

    /// <summary>Waits until <paramref name="key"/> gets <paramref name="expected"/> from <c>GET /v1/models</c>; returns how long that took.</summary>
    public Task<TimeSpan> WaitForStatusAsync(string key, HttpStatusCode expected, TimeSpan? timeout = null) => WaitForStatusAsync(Gateway, key, expected, timeout);

    public static async Task<TimeSpan> WaitForStatusAsync(GatewayHost gateway, string key, HttpStatusCode expected, TimeSpan? timeout = null)
    {
        using var http = gateway.Http(key);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            using var response = await http.GetAsync("/v1/models");
            if (response.StatusCode == expected)
            {
                return clock.Elapsed;
            }

            Assert.True(clock.Elapsed < (timeout ?? TimeSpan.FromSeconds(5)), $"the key still got {response.StatusCode} after {clock.Elapsed}, not {expected}");
            await Task.Delay(20);
        }
    }

    public ValueTask DisposeAsync() => Gateway.DisposeAsync();
}
