using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace McpPlatform.IntegrationTests;

/// <summary>
/// The admin API of the real AppHost's gateway (master key from the parameter <c>gateway-master-key</c>, keys in
/// <c>gatewaydb</c> on the embedded PostgreSQL), as a script would use it: create a key over HTTP, then use it.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class GatewayAdminApiTests(PlatformFixture platform)
{
    [Fact]
    public async Task CreateKeyOverHttp_KeyReachesTheConnector_RevokedKeyIsRefused()
    {
        using var admin = platform.CreateGatewayHttpClient(PlatformFixture.MasterKey);
        using var create = await admin.PostAsJsonAsync("/v1/admin/keys", new { name = "e2e", servers = new[] { "db" }, tools = new[] { "db/list_schemas" } });
        var created = await create.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var (id, key) = (created.GetProperty("id").GetString()!, created.GetProperty("key").GetString()!);

        // The key reaches the gateway's in-memory copy within milliseconds (LISTEN/NOTIFY); allow a few seconds.
        var tools = await EventuallyAsync(async () =>
        {
            await using var client = await platform.ConnectToGatewayAsync(apiKey: key);
            return (await client.ListToolsAsync()).Select(tool => tool.Name).ToList();
        });
        await using (var client = await platform.ConnectToGatewayAsync(apiKey: key))
        {
            var result = await client.CallToolAsync("postgres_main-list_schemas");
            Assert.NotEqual(true, result.IsError);
            Assert.Contains("public", Assert.IsType<TextContentBlock>(result.Content[0]).Text);
        }

        var access = await admin.GetFromJsonAsync<JsonElement>($"/v1/admin/keys/{id}/access");
        using var revoke = await admin.DeleteAsync($"/v1/admin/keys/{id}");
        var refused = await EventuallyAsync(async () =>
        {
            using var http = platform.CreateGatewayHttpClient(key);
            using var response = await http.GetAsync("/v1/models");
            return response.StatusCode == HttpStatusCode.Unauthorized ? response.StatusCode : throw new InvalidOperationException($"still {response.StatusCode}");
        });

        Assert.Equal(["postgres_main-list_schemas"], tools);
        Assert.Equal(1, access.GetProperty("toolCount").GetInt32());
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused);
    }

    [Fact]
    public async Task AdminApi_WithTheUsersKey_Is401()
    {
        using var http = platform.CreateGatewayHttpClient(PlatformFixture.ApiKey);

        using var response = await http.GetAsync("/v1/admin/keys");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> attempt)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await attempt();
            }
            catch (Exception) when (clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(100);
            }
        }
    }
}
