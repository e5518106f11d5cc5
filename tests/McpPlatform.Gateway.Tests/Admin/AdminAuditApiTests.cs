using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using McpPlatform.Gateway.Audit;
using McpPlatform.Gateway.Tests.Audit;
using McpPlatform.Gateway.Tests.Pipeline;
using McpPlatform.Gateway.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace McpPlatform.Gateway.Tests.Admin;

/// <summary><c>GET /v1/admin/audit</c>: entries recorded through the gateway's <see cref="AuditLog"/>, filtered and paged.</summary>
[Collection(GatewayPostgres.Collection)]
public sealed class AdminAuditApiTests(GatewayPostgres postgres)
{
    [Fact]
    public async Task Query_ByKeyOutcomeAndTool_PagesNewestFirst()
    {
        await using var host = await AdminTestHost.StartAsync([new FakeUpstream("alpha")], await postgres.CreateDatabaseAsync());
        var audit = host.Gateway.Services.GetRequiredService<AuditLog>();
        for (var n = 0; n < 5; n++)
        {
            Assert.True(audit.Record(AuditTestHost.Entry(n, key: "vk_one", server: "alpha", tool: "echo")));
        }

        Assert.True(audit.Record(AuditTestHost.Entry(5, key: "vk_one", server: "alpha", tool: "whoami", outcome: AuditOutcome.Refused)));
        Assert.True(audit.Record(AuditTestHost.Entry(6, key: "config:wide", server: "alpha", tool: "echo"))); // as KeyIds names a configuration key
        using var admin = host.Admin();
        await Keys.VirtualKeyTestHost.WaitUntilAsync(() => Entries(admin, "/v1/admin/audit?limit=1000").Result.Count == 7, TimeSpan.FromSeconds(10));

        var refused = await Entries(admin, "/v1/admin/audit?key=vk_one&outcome=refused");
        var configured = await Entries(admin, "/v1/admin/audit?key=config:wide");
        var byBareName = await Entries(admin, "/v1/admin/audit?key=wide");
        var firstPage = await admin.GetFromJsonAsync<JsonElement>("/v1/admin/audit?key=vk_one&tool=echo&limit=3");
        var cursor = firstPage.GetProperty("nextBefore").GetInt64();
        var secondPage = await admin.GetFromJsonAsync<JsonElement>($"/v1/admin/audit?key=vk_one&tool=echo&limit=3&before={cursor}");
        var future = await Entries(admin, $"/v1/admin/audit?from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"))}");

        var entry = Assert.Single(refused);
        Assert.Equal("refused", entry.GetProperty("outcome").GetString());
        Assert.Equal("tool_denied", entry.GetProperty("reason").GetString());
        Assert.Equal("whoami", entry.GetProperty("target").GetString());
        Assert.Equal("tools/call", entry.GetProperty("method").GetString());
        Assert.Equal("config:wide", Assert.Single(configured).GetProperty("keyId").GetString());
        Assert.Equal("config:wide", Assert.Single(byBareName).GetProperty("keyId").GetString());
        Assert.Equal(3, firstPage.GetProperty("entries").GetArrayLength());
        Assert.Equal(2, secondPage.GetProperty("entries").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, secondPage.GetProperty("nextBefore").ValueKind);
        var ids = firstPage.GetProperty("entries").EnumerateArray().Concat(secondPage.GetProperty("entries").EnumerateArray()).Select(e => e.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(ids.OrderDescending(), ids);
        Assert.Empty(future);
    }

    [Theory]
    [InlineData("outcome=maybe", "outcome must be ok, error or refused.")]
    [InlineData("limit=0", "limit must be 1-1000.")]
    [InlineData("limit=5000", "limit must be 1-1000.")]
    [InlineData("before=-3", "before must be a positive whole number")]
    [InlineData("from=yesterday", "from must be an ISO 8601 date and time")]
    public async Task Query_BadParameter_Is400(string query, string expected)
    {
        await using var host = await AdminTestHost.StartAsync([new FakeUpstream("alpha")], await postgres.CreateDatabaseAsync());

        using var response = await host.Admin().GetAsync($"/v1/admin/audit?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
    }

    private static async Task<List<JsonElement>> Entries(HttpClient admin, string url) =>
        [.. (await admin.GetFromJsonAsync<JsonElement>(url)).GetProperty("entries").EnumerateArray()];
}
