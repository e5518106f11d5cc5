using System.Net;
using System.Net.Http.Json;
using McpPlatform.Gateway.Tests.Pipeline;
using McpPlatform.Gateway.Tests.Storage;
using Xunit.Abstractions;

namespace McpPlatform.Gateway.Tests.Admin;

/// <summary>Two gateway processes on one database, and a gateway restarted on it: keys and the audit log are the database's, not a process's.</summary>
[Collection(GatewayPostgres.Collection)]
public sealed class SharedDatabaseTests(GatewayPostgres postgres, ITestOutputHelper output)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)] // polling alone (behind a transaction-mode pooler): still within 5 s
    public async Task TwoGateways_KeyCreatedAndRevokedThroughOne_IsRefusedByTheOtherWithin5s(bool notifications)
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var settings = new Dictionary<string, string?> { ["Gateway:VirtualKeys:UseNotifications"] = notifications ? "true" : "false", ["Gateway:VirtualKeys:PollInterval"] = "00:00:02" };
        await using var first = await AdminTestHost.StartAsync([new FakeUpstream("alpha")], connectionString, settings);
        await using var second = await AdminTestHost.StartAsync([new FakeUpstream("alpha")], connectionString, settings);

        var (id, key, _) = await first.CreateKeyAsync(new { name = "shared", servers = new[] { "*" } });
        var accepted = await AdminTestHost.WaitForStatusAsync(second.Gateway, key, HttpStatusCode.OK);
        using var revoke = await second.Admin().DeleteAsync($"/v1/admin/keys/{id}");
        var refused = await AdminTestHost.WaitForStatusAsync(first.Gateway, key, HttpStatusCode.Unauthorized);

        output.WriteLine($"notifications={notifications}: accepted by the other gateway after {accepted.TotalMilliseconds:F0} ms, refused after {refused.TotalMilliseconds:F0} ms");
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.True(refused < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Restart_KeysAndAuditSurvive()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        string id, key;
        await using (var before = await AdminTestHost.StartAsync([new FakeUpstream("alpha")], connectionString))
        {
            (id, key, _) = await before.CreateKeyAsync(new { name = "kept", servers = new[] { "alpha" } });
            await before.WaitForStatusAsync(key, HttpStatusCode.OK);
            await using var first = await before.Gateway.ConnectAsync(key: key);
            await first.CallToolAsync("alpha-echo", new Dictionary<string, object?> { ["text"] = "before the restart" });
        } // a graceful stop writes what the audit buffer holds

        await using var after = await AdminTestHost.StartAsync([new FakeUpstream("alpha")], connectionString);
        await using var client = await after.Gateway.ConnectAsync(key: key);

        Assert.Equal(["alpha-echo", "alpha-whoami"], (await client.ListToolsAsync()).Select(tool => tool.Name).Order());
        using var admin = after.Admin();
        var audit = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/v1/admin/audit?key={id}&tool=echo");
        Assert.Contains(audit.GetProperty("entries").EnumerateArray(), entry => entry.GetProperty("method").GetString() == "tools/call");
    }
}
