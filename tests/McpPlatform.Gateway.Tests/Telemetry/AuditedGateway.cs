using McpPlatform.Gateway.Audit;
using McpPlatform.Gateway.Tests.Pipeline;
using McpPlatform.Gateway.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace McpPlatform.Gateway.Tests.Telemetry;

/// <summary>A whole gateway in this process (<see cref="GatewayHost"/>) with a database of its own, whose audit log is written every 20 ms.</summary>
internal static class AuditedGateway
{
    public static async Task<GatewayHost> StartAsync(GatewayPostgres postgres, IReadOnlyList<FakeUpstream> upstreams, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?> { ["Gateway:Audit:FlushInterval"] = "00:00:00.02" };
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            all[name] = value;
        }

        return await GatewayHost.StartAsync(upstreams, all, database: await postgres.CreateDatabaseAsync());
    }

    /// <summary>Lists the tools until <paramref name="tool"/> is among them (10 s at most).</summary>
    public static async Task WaitForToolAsync(ModelContextProtocol.Client.McpClient client, string tool)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!(await client.ListToolsAsync()).Any(listed => listed.Name == tool))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{tool} was not listed within 10 s.");
            await Task.Delay(100);
        }
    }

    /// <summary>The stored entries matching <paramref name="match"/>, once there are at least <paramref name="count"/> (10 s at most).</summary>
    public static async Task<List<AuditEntry>> WaitForAsync(GatewayHost gateway, Func<AuditEntry, bool> match, int count = 1, AuditQuery? query = null)
    {
        var repository = gateway.Services.GetRequiredService<AuditRepository>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        List<AuditEntry> found = [];
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                found = [.. (await repository.QueryAsync(query ?? new AuditQuery { Limit = AuditQuery.MaxLimit }, CancellationToken.None)).Entries.Where(match)];
                if (found.Count >= count)
                {
                    return found;
                }
            }
            catch (Exception ex) when (ex is McpPlatform.Gateway.Storage.StorageUnavailableException or Npgsql.PostgresException)
            {
                // Not migrated yet.
            }

            await Task.Delay(50);
        }

        Assert.Fail($"{found.Count} matching audit entries after 10 s, expected {count}.");
        return found;
    }
}
