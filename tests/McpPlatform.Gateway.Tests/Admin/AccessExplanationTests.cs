using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using McpPlatform.Gateway.Tests.Pipeline;
using McpPlatform.Gateway.Tests.Storage;

namespace McpPlatform.Gateway.Tests.Admin;

/// <summary>Explainable access: what a key gets per server and the rule that hides everything else.</summary>
[Collection(GatewayPostgres.Collection)]
public sealed class AccessExplanationTests(GatewayPostgres postgres)
{
    [Fact]
    public async Task AdminAccess_NamesTheRuleThatHidesEachItem()
    {
        await using var host = await AdminTestHost.StartAsync([new FakeUpstream("alpha"), new FakeUpstream("beta")], await postgres.CreateDatabaseAsync());
        var (id, _, created) = await host.CreateKeyAsync(new { name = "alpha-only", servers = new[] { "alpha" }, denyTools = new[] { "alpha/whoami" }, prompts = new[] { "alpha/other" } });

        var report = await host.Admin().GetFromJsonAsync<JsonElement>($"/v1/admin/keys/{id}/access");
        var alpha = Server(report, "alpha");
        var beta = Server(report, "beta");

        Assert.Empty(created.GetProperty("warnings").EnumerateArray());
        Assert.Equal(id, report.GetProperty("key").GetString());
        Assert.Equal(1, report.GetProperty("toolCount").GetInt32());
        Assert.Equal(["echo"], Granted(alpha, "tools"));
        Assert.Equal([("whoami", "deny pattern alpha/whoami")], Hidden(alpha, "tools"));
        Assert.Contains("not in allow list (prompts)", Assert.Single(Hidden(alpha, "prompts")).Rule);
        Assert.False(beta.GetProperty("granted").GetBoolean());
        Assert.Equal("server not granted", beta.GetProperty("hidden").GetString());
        Assert.All(Hidden(beta, "tools"), item => Assert.Equal("server not granted", item.Rule));
    }

    [Fact]
    public async Task Create_RulesLeavingNoTool_SucceedsWithAWarning_ReadOnlyAndAllowListExplained()
    {
        await using var host = await AdminTestHost.StartAsync([new FakeUpstream("alpha"), new FakeUpstream("beta")], await postgres.CreateDatabaseAsync());

        var (readOnlyId, _, readOnly) = await host.CreateKeyAsync(new { name = "reader", servers = new[] { "alpha" }, readOnly = true });
        var (_, _, narrow) = await host.CreateKeyAsync(new { name = "typo", servers = new[] { "alpha", "gamma" }, tools = new[] { "alpha/ecco" } });
        var report = await host.Admin().GetFromJsonAsync<JsonElement>($"/v1/admin/keys/{readOnlyId}/access");

        Assert.Contains("The key gets no tool", Assert.Single(readOnly.GetProperty("warnings").EnumerateArray()).GetString());
        Assert.All(Hidden(Server(report, "alpha"), "tools"), item => Assert.Equal("read-only: tool not annotated readOnlyHint", item.Rule));
        var warnings = narrow.GetProperty("warnings").EnumerateArray().Select(warning => warning.GetString()!).ToList();
        Assert.Contains(warnings, warning => warning.Contains("'gamma' is not a configured server"));
        Assert.Contains(warnings, warning => warning.Contains("The key gets no tool"));
    }

    [Fact]
    public async Task OwnAccess_ShowsOnlyTheKeysServers_AndADownServer()
    {
        var beta = new FakeUpstream("beta");
        await using var host = await AdminTestHost.StartAsync([new FakeUpstream("alpha"), beta], await postgres.CreateDatabaseAsync());
        var (_, key, _) = await host.CreateKeyAsync(new { name = "beta-user", servers = new[] { "beta" } });
        await host.WaitForStatusAsync(key, HttpStatusCode.OK);

        beta.Crash();
        await Keys.VirtualKeyTestHost.WaitUntilAsync(
            async () => Server(await host.Gateway.Http(key).GetFromJsonAsync<JsonElement>("/v1/access"), "beta").GetProperty("status").GetString() == "down",
            TimeSpan.FromSeconds(10));
        var report = await host.Gateway.Http(key).GetFromJsonAsync<JsonElement>("/v1/access");
        var own = Assert.Single(report.GetProperty("servers").EnumerateArray());

        Assert.Equal("beta", own.GetProperty("server").GetString());
        Assert.Equal("server down", own.GetProperty("hidden").GetString());
        Assert.All(Hidden(own, "tools"), item => Assert.Equal("server down", item.Rule));
        Assert.Equal(0, report.GetProperty("toolCount").GetInt32());
    }

    [Fact]
    public async Task ConfigurationKeyAccess_IsExplainedToo()
    {
        await using var host = await AdminTestHost.StartAsync([new FakeUpstream("alpha"), new FakeUpstream("beta")], await postgres.CreateDatabaseAsync());

        var report = await host.Admin().GetFromJsonAsync<JsonElement>("/v1/admin/keys/config:narrow/access");

        Assert.Equal(["echo", "whoami"], Granted(Server(report, "alpha"), "tools"));
        Assert.Equal("server not granted", Server(report, "beta").GetProperty("hidden").GetString());
    }

    private static JsonElement Server(JsonElement report, string name) =>
        report.GetProperty("servers").EnumerateArray().Single(server => server.GetProperty("server").GetString() == name);

    private static List<string> Granted(JsonElement server, string kind) =>
        [.. server.GetProperty(kind).GetProperty("granted").EnumerateArray().Select(item => item.GetString()!).Order()];

    private static List<(string Name, string Rule)> Hidden(JsonElement server, string kind) =>
        [.. server.GetProperty(kind).GetProperty("hidden").EnumerateArray().Select(item => (item.GetProperty("name").GetString()!, item.GetProperty("rule").GetString()!))];
}
