using System.Net;
using System.Net.Http.Json;
using McpPlatform.Gateway.Audit;
using McpPlatform.Gateway.Tests.Pipeline;
using McpPlatform.Gateway.Tests.Storage;
using McpPlatform.Gateway.Tests.Telemetry;

namespace McpPlatform.Gateway.Tests.Admin;

/// <summary>
/// A refused request with a key the gateway knows but no longer accepts is audited under the key's public id with why
/// (revoked, disabled, expired), never the key; an unknown key stays <c>unauthenticated</c> with no id. The client hears
/// the same for all of them.
/// </summary>
[Collection(GatewayPostgres.Collection)]
public sealed class InactiveKeyAuditTests(GatewayPostgres postgres)
{
    private const string Initialize = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""";

    [Theory]
    [InlineData("revoke", "key_revoked")]
    [InlineData("disable", "key_disabled")]
    [InlineData("expire", "key_expired")]
    public async Task RefusedInactiveKey_IsAuditedWithItsIdAndReason_NeverTheKey(string change, string reason)
    {
        await using var host = await AdminTestHost.StartAsync([new FakeUpstream("alpha")], await postgres.CreateDatabaseAsync());
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(change == "expire" ? 2 : 3600);
        var (id, key, _) = await host.CreateKeyAsync(new { name = "laptop", servers = new[] { "*" }, expiresAt });
        using var admin = host.Admin();
        switch (change)
        {
            case "revoke":
                (await admin.DeleteAsync($"/v1/admin/keys/{id}")).EnsureSuccessStatusCode();
                break;
            case "disable":
                (await admin.PatchAsJsonAsync($"/v1/admin/keys/{id}", new { enabled = false })).EnsureSuccessStatusCode();
                break;
            default:
                // Never negative: on a busy machine the key may have expired before the wait starts.
                await Task.Delay(TimeSpan.FromTicks(Math.Max(0, (expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200)).Ticks)));
                break;
        }

        using var refused = await Post(host.Gateway, key);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("invalid_api_key", await refused.Content.ReadAsStringAsync()); // the client learns nothing more
        var entry = Assert.Single(await AuditedGateway.WaitForAsync(host.Gateway, e => e.Outcome == AuditOutcome.Refused && e.KeyId == id));
        Assert.StartsWith(reason + ": from ", entry.Reason);
        Assert.DoesNotContain(key, string.Join('|', entry.KeyId, entry.Server, entry.Method, entry.Target, entry.Reason, entry.SessionId));
    }

    [Fact]
    public async Task UnknownKey_StaysUnauthenticated_WithNoKeyId()
    {
        await using var host = await AdminTestHost.StartAsync([new FakeUpstream("alpha")], await postgres.CreateDatabaseAsync());
        await host.CreateKeyAsync(new { name = "laptop", servers = new[] { "*" } });

        using var refused = await Post(host.Gateway, "mcp_unknown_0123456789abcdef0123456789");

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var entry = Assert.Single(await AuditedGateway.WaitForAsync(host.Gateway, e => e.Outcome == AuditOutcome.Refused));
        Assert.Equal("unauthenticated", entry.KeyId);
        Assert.StartsWith("unauthenticated: ", entry.Reason);
    }

    private static async Task<HttpResponseMessage> Post(GatewayHost gateway, string key)
    {
        using var http = gateway.Http(key);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(Initialize, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        return await http.SendAsync(request);
    }
}
