using Npgsql;

namespace McpPlatform.IntegrationTests;

/// <summary>
/// A cancelled tools/call (the client sends notifications/cancelled) cancels its statement in PostgreSQL, straight to the
/// connector and through the gateway, and the pooled connection stays usable.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ConnectorCancellationTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("connector")]
    [InlineData("gateway")]
    public async Task CancelledExecuteSql_StopsTheStatementInPostgresWithinASecond(string route)
    {
        var marker = $"SELECT pg_sleep(30) AS cancellation_probe_{route}";
        await using var client = route == "gateway" ? await platform.ConnectToGatewayAsync("/mcp/postgres_main") : await platform.ConnectToConnectorAsync();
        using var cancel = new CancellationTokenSource();

        var call = client.CallToolAsync("execute_sql", new Dictionary<string, object?> { ["sql"] = marker }, cancellationToken: cancel.Token).AsTask();
        Assert.True(await WaitUntilAsync(async () => await RunningAsync(marker) > 0, TimeSpan.FromSeconds(10)), "the statement never ran");
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        var stopped = await WaitUntilAsync(async () => await RunningAsync(marker) == 0, TimeSpan.FromSeconds(1));
        var after = await client.CallToolAsync("execute_sql", new Dictionary<string, object?> { ["sql"] = "SELECT 1 AS one" });

        Assert.True(stopped, "the statement was still running in PostgreSQL a second after the call was cancelled");
        Assert.NotEqual(true, after.IsError);
    }

    private async Task<long> RunningAsync(string marker)
    {
        await using var connection = new NpgsqlConnection(await platform.SuperuserConnectionStringAsync());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE query = $1 AND state = 'active'", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = marker });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<bool> WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return await condition();
    }
}
