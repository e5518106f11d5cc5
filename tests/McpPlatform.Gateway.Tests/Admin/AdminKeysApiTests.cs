using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using McpPlatform.Gateway.Tests.Pipeline;
using McpPlatform.Gateway.Tests.Storage;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Tests.Admin;

/// <summary>The admin API's key endpoints against a real PostgreSQL, and virtual keys used over MCP.</summary>
[Collection(GatewayPostgres.Collection)]
public sealed class AdminKeysApiTests(GatewayPostgres postgres)
{
    [Fact]
    public async Task KeyLifecycle_CreateUseRotateRevokePurge_OldKeysRefused()
    {
        await using var host = await AdminTestHost.StartAsync([new FakeUpstream("alpha"), new FakeUpstream("beta")], await postgres.CreateDatabaseAsync());
        var (id, key, created) = await host.CreateKeyAsync(new { name = "laptop", owner = "ann", servers = new[] { "*" } });
        Assert.StartsWith("vk_", id);
        Assert.StartsWith(created.GetProperty("prefix").GetString()! + "_", key);
        Assert.Empty(created.GetProperty("warnings").EnumerateArray());

        // Use: tools/list and a call through /mcp with the new key.
        await host.WaitForStatusAsync(key, HttpStatusCode.OK);
        await using (var client = await host.Gateway.ConnectAsync(key: key))
        {
            Assert.Equal(["alpha-echo", "alpha-whoami", "beta-echo", "beta-whoami"], (await client.ListToolsAsync()).Select(tool => tool.Name).Order());
            var result = await client.CallToolAsync("beta-whoami");
            Assert.Equal("beta", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
        }

        // Rotate: the old key is refused, the new one works; the id stays.
        using var admin = host.Admin();
        using var rotate = await admin.PostAsync($"/v1/admin/keys/{id}/rotate", null);
        var rotated = await rotate.Content.ReadFromJsonAsync<JsonElement>();
        var newKey = rotated.GetProperty("key").GetString()!;
        Assert.Equal(HttpStatusCode.OK, rotate.StatusCode);
        Assert.Equal(id, rotated.GetProperty("id").GetString());
        await host.WaitForStatusAsync(key, HttpStatusCode.Unauthorized);
        await host.WaitForStatusAsync(newKey, HttpStatusCode.OK);

        // Revoke: refused with the same answer as an unknown key; still listed as revoked.
        using var revoke = await admin.DeleteAsync($"/v1/admin/keys/{id}");
        Assert.Equal("revoked", (await revoke.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        await host.WaitForStatusAsync(newKey, HttpStatusCode.Unauthorized);
        using (var refused = await host.Gateway.Http(newKey).GetAsync("/v1/models"))
        {
            var error = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
            Assert.Equal("invalid_api_key", error.GetProperty("code").GetString());
            Assert.Equal("The API key is invalid or revoked.", error.GetProperty("message").GetString());
        }

        using var rotateRevoked = await admin.PostAsync($"/v1/admin/keys/{id}/rotate", null);
        Assert.Equal(HttpStatusCode.Conflict, rotateRevoked.StatusCode);
        Assert.Equal("revoked", (await admin.GetFromJsonAsync<JsonElement>($"/v1/admin/keys/{id}")).GetProperty("status").GetString());

        // Purge: gone for good.
        using var purge = await admin.DeleteAsync($"/v1/admin/keys/{id}?purge=true");
        using var gone = await admin.GetAsync($"/v1/admin/keys/{id}");
        Assert.Equal(HttpStatusCode.NoContent, purge.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Expiry_KeyWorksUntilItsExpiresAtThenIsRefused()
    {
        await using var host = await AdminTestHost.StartAsync([new FakeUpstream("alpha")], await postgres.CreateDatabaseAsync());
        var (id, key, _) = await host.CreateKeyAsync(new { name = "short-lived", servers = new[] { "*" }, expiresAt = DateTimeOffset.UtcNow.AddSeconds(3) });

        await host.WaitForStatusAsync(key, HttpStatusCode.OK);
        var refusedAfter = await host.WaitForStatusAsync(key, HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(10));

        Assert.InRange(refusedAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        Assert.Equal("expired", (await host.Admin().GetFromJsonAsync<JsonElement>($"/v1/admin/keys/{id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Update_PatchChangesOnlyNamedFields_PutReplaces_RulesApplyToNewSessions()
    {
        await using var host = await AdminTestHost.StartAsync([new FakeUpstream("alpha"), new FakeUpstream("beta")], await postgres.CreateDatabaseAsync());
        var (id, key, _) = await host.CreateKeyAsync(new { name = "ci", owner = "build", servers = new[] { "*" } });
        using var admin = host.Admin();

        using var patch = await admin.PatchAsJsonAsync($"/v1/admin/keys/{id}", new { denyTools = new[] { "beta/*" } });
        var patched = await patch.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.Equal("build", patched.GetProperty("owner").GetString());
        Assert.Equal(["beta/*"], patched.GetProperty("denyTools").EnumerateArray().Select(value => value.GetString()));

        await Keys.VirtualKeyTestHost.WaitUntilAsync(async () => (await ToolsOf(host, key)).SequenceEqual(["alpha-echo", "alpha-whoami"]), TimeSpan.FromSeconds(5));

        using var put = await admin.PutAsJsonAsync($"/v1/admin/keys/{id}", new { name = "ci-2", servers = new[] { "beta" } });
        var replaced = await put.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, replaced.GetProperty("owner").ValueKind);
        Assert.Empty(replaced.GetProperty("denyTools").EnumerateArray());
        await Keys.VirtualKeyTestHost.WaitUntilAsync(async () => (await ToolsOf(host, key)).SequenceEqual(["beta-echo", "beta-whoami"]), TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("{\"name\": \"x\", \"server\": [\"*\"]}", "Unknown field 'server'")]
    [InlineData("{\"name\": \"x\", \"servers\": \"*\"}", "servers must be an array of strings.")]
    [InlineData("{\"name\": \"x\", \"requestsPerMinute\": 0}", "requestsPerMinute must be at least 1")]
    [InlineData("{\"name\": \"x\", \"expiresAt\": \"tomorrow\"}", "expiresAt must be an ISO 8601 date and time")]
    [InlineData("{\"name\": \"x\", \"tools\": [\"execute_sql\"]}", "tools[0] 'execute_sql' must be server/name")]
    [InlineData("{\"servers\": [\"*\"]}", "name must be 1-100 characters")]
    [InlineData("{\"name\": ", "The body is not valid JSON")]
    [InlineData("[1, 2]", "The body must be a JSON object")]
    public async Task Create_BadInput_Is400NamingTheProblem(string body, string expected)
    {
        await using var host = await AdminTestHost.StartAsync([new FakeUpstream("alpha")], await postgres.CreateDatabaseAsync());

        using var response = await host.Admin().PostAsync("/v1/admin/keys", new StringContent(body, Encoding.UTF8, "application/json"));
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, error.GetProperty("message").GetString());
        Assert.Equal("invalid_request", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task ConfigurationKeys_ListedReadOnly_ChangingOneIs409()
    {
        await using var host = await AdminTestHost.StartAsync([new FakeUpstream("alpha")], await postgres.CreateDatabaseAsync(), new Dictionary<string, string?> { ["Gateway:Keys:narrow:Limits:RequestsPerMinute"] = "600" });
        using var admin = host.Admin();

        var list = (await admin.GetFromJsonAsync<JsonElement>("/v1/admin/keys")).GetProperty("keys").EnumerateArray().ToList();
        var narrow = list.Single(key => key.GetProperty("id").GetString() == "config:narrow");
        using var patch = await admin.PatchAsJsonAsync("/v1/admin/keys/config:narrow", new { readOnly = true });
        using var revoke = await admin.DeleteAsync("/v1/admin/keys/config:wide");
        using var rotate = await admin.PostAsync("/v1/admin/keys/config:wide/rotate", null);

        Assert.Equal(["config:narrow", "config:wide"], list.Select(key => key.GetProperty("id").GetString()));
        Assert.Equal("configuration", narrow.GetProperty("source").GetString());
        Assert.False(narrow.GetProperty("editable").GetBoolean());
        Assert.Equal(600, narrow.GetProperty("requestsPerMinute").GetInt32());
        Assert.Equal(JsonValueKind.Null, narrow.GetProperty("prefix").ValueKind);
        Assert.DoesNotContain(GatewayHost.NarrowKey, JsonSerializer.Serialize(list));
        Assert.All([patch, revoke, rotate], response => Assert.Equal(HttpStatusCode.Conflict, response.StatusCode));
        Assert.Contains("comes from the gateway's configuration (Gateway:Keys:narrow)", await patch.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(null, "missing_master_key")]
    [InlineData("Bearer wrong-master-key-0123456789abcdef0123", "invalid_master_key")]
    [InlineData("Bearer " + GatewayHost.Key, "invalid_master_key")] // an API key is no master key
    [InlineData("Basic abc", "malformed_master_key")]
    public async Task AdminApi_WithoutTheMasterKey_Is401(string? authorization, string code)
    {
        await using var host = await AdminTestHost.StartAsync([new FakeUpstream("alpha")], await postgres.CreateDatabaseAsync());
        using var http = host.Gateway.Http();
        http.DefaultRequestHeaders.Authorization = null;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/admin/keys");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task AdminApi_NoMasterKeySet_Is404()
    {
        await using var host = await AdminTestHost.StartAsync([new FakeUpstream("alpha")], await postgres.CreateDatabaseAsync(), new Dictionary<string, string?> { ["Gateway:Admin:MasterKey"] = null });

        using var response = await host.Gateway.Http(AdminTestHost.MasterKey).GetAsync("/v1/admin/keys");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AdminApi_NoDatabase_CreateIs503WithTheReason_ConfigurationKeysStillListed()
    {
        await using var host = await AdminTestHost.StartAsync([new FakeUpstream("alpha")], connectionString: null);
        using var admin = host.Admin();

        using var create = await admin.PostAsJsonAsync("/v1/admin/keys", new { name = "x", servers = new[] { "*" } });
        var list = await admin.GetFromJsonAsync<JsonElement>("/v1/admin/keys");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, create.StatusCode);
        Assert.Contains("ConnectionStrings:gatewaydb is not set", await create.Content.ReadAsStringAsync());
        Assert.Equal(2, list.GetProperty("keys").GetArrayLength());
    }

    private static async Task<List<string>> ToolsOf(AdminTestHost host, string key)
    {
        await using var client = await host.Gateway.ConnectAsync(key: key);
        return [.. (await client.ListToolsAsync()).Select(tool => tool.Name).Order()];
    }
}
