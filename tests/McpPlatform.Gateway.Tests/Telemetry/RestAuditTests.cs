using System.Net.Http.Json;
using McpPlatform.Gateway.Audit;
using McpPlatform.Gateway.Tests.Pipeline;
using McpPlatform.Gateway.Tests.Storage;

namespace McpPlatform.Gateway.Tests.Telemetry;

/// <summary>A tool called over REST is in the audit log like an MCP call: key id, server, tool, outcome, sizes.</summary>
[Collection(GatewayPostgres.Collection)]
public sealed class RestAuditTests(GatewayPostgres postgres)
{
    [Fact]
    public async Task RestCall_IsRecordedAsAToolsCallWithKeyServerToolAndSizes()
    {
        await using var gateway = await AuditedGateway.StartAsync(postgres, [new FakeUpstream("alpha"), new FakeUpstream("beta")]);

        using var response = await gateway.Http().PostAsJsonAsync("/v1/mcp/tools/call", new { name = "beta-echo", arguments = new { text = "hello" } });

        response.EnsureSuccessStatusCode();
        var entry = Assert.Single(await AuditedGateway.WaitForAsync(gateway, e => e.Method == "tools/call"));
        Assert.Equal(("config:wide", "beta", "echo", AuditOutcome.Ok), (entry.KeyId, entry.Server, entry.Target, entry.Outcome));
        Assert.InRange(entry.RequestBytes, 20, 2000);
        Assert.InRange(entry.ResponseBytes, 20, 4000);
    }

    [Fact]
    public async Task RestCall_HiddenTool_IsRecordedAsRefused()
    {
        await using var gateway = await AuditedGateway.StartAsync(postgres, [new FakeUpstream("alpha"), new FakeUpstream("beta")]);

        using var response = await gateway.Http(GatewayHost.NarrowKey).PostAsJsonAsync("/v1/mcp/tools/beta-whoami", new { });

        var entry = Assert.Single(await AuditedGateway.WaitForAsync(gateway, e => e.Method == "tools/call"));
        Assert.Equal(("config:narrow", AuditOutcome.Refused, "unknown_tool", "beta-whoami"), (entry.KeyId, entry.Outcome, entry.Reason, entry.Target));
    }
}
