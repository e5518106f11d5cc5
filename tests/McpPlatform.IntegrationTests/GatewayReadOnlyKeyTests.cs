using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpPlatform.IntegrationTests;

/// <summary>
/// A read-only key never changes data through a tool of ours: the connector annotates execute_sql as destructive
/// where a database is unrestricted, and the gateway keeps such tools from read-only keys, listed or called by name.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class GatewayReadOnlyKeyTests(PlatformFixture platform)
{
    [Fact]
    public async Task ReadOnlyKey_CannotSeeOrCallExecuteSqlOfAnUnrestrictedDatabase()
    {
        await using var client = await platform.ConnectToGatewayAsync(apiKey: GatewayTestConfiguration.ReadOnlyKey);

        var tools = (await client.ListToolsAsync()).Select(tool => tool.Name).ToList();
        var call = await CallAsync(client, "pg_writable-execute_sql");

        Assert.Contains("pg_writable-list_schemas", tools);
        Assert.DoesNotContain("pg_writable-execute_sql", tools);
        Assert.True(call.IsError == true || call.Content.Count == 0, "a read-only key called a destructive tool");
    }

    [Fact]
    public async Task ReadOnlyKey_KeepsExecuteSqlOfARestrictedDatabase()
    {
        await using var client = await platform.ConnectToGatewayAsync(apiKey: GatewayTestConfiguration.ReadOnlyKey);

        var tools = (await client.ListToolsAsync()).Select(tool => tool.Name).ToList();

        Assert.Contains("postgres_main-execute_sql", tools);
    }

    [Fact]
    public async Task ExecuteSqlOfAnUnrestrictedDatabase_IsAnnotatedDestructive()
    {
        await using var client = await platform.ConnectToGatewayAsync();

        var tool = (await client.ListToolsAsync()).Single(tool => tool.Name == "pg_writable-execute_sql").ProtocolTool;
        var restricted = (await client.ListToolsAsync()).Single(tool => tool.Name == "postgres_main-execute_sql").ProtocolTool;

        Assert.False(tool.Annotations!.ReadOnlyHint);
        Assert.True(tool.Annotations.DestructiveHint);
        Assert.True(restricted.Annotations!.ReadOnlyHint);
    }

    private static async Task<CallToolResult> CallAsync(ModelContextProtocol.Client.McpClient client, string tool)
    {
        try
        {
            return await client.CallToolAsync(tool, new Dictionary<string, object?> { ["sql"] = "SELECT 1" });
        }
        catch (McpException)
        {
            // An unknown tool may also be a protocol error: refused either way.
            return new CallToolResult { IsError = true, Content = [] };
        }
    }
}
