using System.Net;
using System.Net.Http.Headers;
using System.Text;
using McpPlatform.Gateway.Audit;
using McpPlatform.Gateway.Tests.Pipeline;
using McpPlatform.Gateway.Tests.Storage;
using ModelContextProtocol;

namespace McpPlatform.Gateway.Tests.Telemetry;

/// <summary>
/// Every MCP request that reaches an upstream and every refused one is in the audit log of a real PostgreSQL, as the
/// whole gateway pipeline records it: key id (never the key), server, method, target, outcome and reason, duration,
/// sizes, session.
/// </summary>
[Collection(GatewayPostgres.Collection)]
public sealed class AuditRecordingTests(GatewayPostgres postgres)
{
    private const string Initialize = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""";

    [Fact]
    public async Task CallTool_IsRecordedWithKeyServerToolSizesAndSession()
    {
        await using var gateway = await AuditedGateway.StartAsync(postgres, [new FakeUpstream("alpha"), new FakeUpstream("beta")]);
        await using var client = await gateway.ConnectAsync();

        await client.CallToolAsync("beta-echo", new Dictionary<string, object?> { ["text"] = "hello" });

        var entry = Assert.Single(await AuditedGateway.WaitForAsync(gateway, e => e.Method == "tools/call"));
        Assert.Equal("config:wide", entry.KeyId);
        Assert.Equal("beta", entry.Server);
        Assert.Equal("echo", entry.Target); // as the upstream knows it
        Assert.Equal(AuditOutcome.Ok, entry.Outcome);
        Assert.Null(entry.Reason);
        Assert.Equal(client.SessionId, entry.SessionId);
        Assert.InRange(entry.RequestBytes, 60, 2000); // the JSON-RPC request as sent
        Assert.InRange(entry.ResponseBytes, 60, 4000); // the answer as written, SSE framing included
        Assert.True(entry.Duration > TimeSpan.Zero);
        Assert.Null(entry.Arguments); // not stored by default
    }

    [Fact]
    public async Task ListsAndPrompts_AreRecorded_PerServerRouteNamesTheServer()
    {
        await using var gateway = await AuditedGateway.StartAsync(postgres, [new FakeUpstream("alpha")]);
        await using var client = await gateway.ConnectAsync("/mcp/alpha");

        await client.ListToolsAsync();
        await client.GetPromptAsync("greet");

        var list = Assert.Single(await AuditedGateway.WaitForAsync(gateway, e => e.Method == "tools/list"));
        Assert.Equal(("alpha", AuditOutcome.Ok), (list.Server, list.Outcome));
        var prompt = Assert.Single(await AuditedGateway.WaitForAsync(gateway, e => e.Method == "prompts/get"));
        Assert.Equal(("alpha", "greet", AuditOutcome.Ok), (prompt.Server, prompt.Target, prompt.Outcome));
        Assert.Single(await AuditedGateway.WaitForAsync(gateway, e => e.Method == "initialize"));
    }

    [Theory]
    [InlineData("beta-whoami")] // another server's tool
    [InlineData("alpha-nothing")] // no such tool
    public async Task CallTool_UnknownOrForbiddenTool_IsRecordedAsRefused(string tool)
    {
        await using var gateway = await AuditedGateway.StartAsync(postgres, [new FakeUpstream("alpha"), new FakeUpstream("beta")]);
        await using var client = await gateway.ConnectAsync(key: GatewayHost.NarrowKey);

        await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync(tool).AsTask());

        var entry = Assert.Single(await AuditedGateway.WaitForAsync(gateway, e => e.Method == "tools/call"));
        Assert.Equal(("config:narrow", AuditOutcome.Refused, "unknown_tool"), (entry.KeyId, entry.Outcome, entry.Reason));
        Assert.Equal(tool, entry.Target); // as the client named it
        Assert.Null(entry.Server);
    }

    [Fact]
    public async Task ForbiddenServerRoute_404_IsRecordedAsRefused()
    {
        await using var gateway = await AuditedGateway.StartAsync(postgres, [new FakeUpstream("alpha"), new FakeUpstream("beta")]);

        using var response = await Post(gateway, "/mcp/beta", GatewayHost.NarrowKey, Initialize);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var entry = Assert.Single(await AuditedGateway.WaitForAsync(gateway, e => e.Outcome == AuditOutcome.Refused));
        Assert.Equal(("config:narrow", "unknown_server", "POST", "/mcp/beta"), (entry.KeyId, entry.Reason, entry.Method, entry.Target));
    }

    [Fact]
    public async Task UnknownKey_401_IsRecordedWithoutTheKey()
    {
        const string presented = "not-a-key-of-this-gateway-123456";
        await using var gateway = await AuditedGateway.StartAsync(postgres, [new FakeUpstream("alpha")]);

        using var response = await Post(gateway, "/mcp", presented, Initialize);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var entry = Assert.Single(await AuditedGateway.WaitForAsync(gateway, e => e.Outcome == AuditOutcome.Refused));
        Assert.Equal("unauthenticated", entry.KeyId);
        Assert.StartsWith("unauthenticated: unknown key from ", entry.Reason);
        Assert.Equal(Initialize.Length, entry.RequestBytes);
        Assert.DoesNotContain(presented, string.Join('|', entry.KeyId, entry.Server, entry.Method, entry.Target, entry.Reason, entry.SessionId));
    }

    [Fact]
    public async Task UnauthenticatedFlood_IsAuditedOnlyUpToTheCapPerSecond()
    {
        await using var gateway = await AuditedGateway.StartAsync(postgres, [new FakeUpstream("alpha")], new Dictionary<string, string?> { ["Gateway:Audit:MaxHttpRefusalsPerSecond"] = "3" });
        await using var client = await gateway.ConnectAsync(); // one real request, audited whatever the flood

        for (var i = 0; i < 40; i++)
        {
            using var response = await Post(gateway, "/mcp", "wrong-key-wrong-key-wrong-key-" + i, Initialize);
        }

        await client.ListToolsAsync();
        await AuditedGateway.WaitForAsync(gateway, e => e.Method == "tools/list");
        var refused = await AuditedGateway.WaitForAsync(gateway, e => e.KeyId == "unauthenticated");
        Assert.InRange(refused.Count, 1, 3 * 3); // 3 a second: the flood spans a few seconds at most here
    }

    [Fact]
    public async Task SessionLimit_429_IsRecordedAsRefused()
    {
        await using var gateway = await AuditedGateway.StartAsync(postgres, [new FakeUpstream("alpha")], new Dictionary<string, string?> { ["Gateway:Limits:MaxSessionsPerKey"] = "1" });
        await using var first = await gateway.ConnectAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => gateway.ConnectAsync());

        var entry = Assert.Single(await AuditedGateway.WaitForAsync(gateway, e => e.Outcome == AuditOutcome.Refused));
        Assert.Equal("config:wide", entry.KeyId);
        Assert.StartsWith("limit_exceeded", entry.Reason);
    }

    [Fact]
    public async Task CallTool_UpstreamDown_IsRecordedAsError_AndQueryableByKeyAndOutcome()
    {
        var beta = new FakeUpstream("beta");
        await using var gateway = await AuditedGateway.StartAsync(postgres, [new FakeUpstream("alpha"), beta]);
        await using var client = await gateway.ConnectAsync();
        await AuditedGateway.WaitForToolAsync(client, "beta-echo"); // listed (on a loaded machine a first listing may miss the list deadline)
        beta.Crash();

        var result = await client.CallToolAsync("beta-echo");

        Assert.True(result.IsError);
        var entry = Assert.Single(await AuditedGateway.WaitForAsync(
            gateway, e => e.Method == "tools/call", query: new AuditQuery { KeyId = "config:wide", Outcome = AuditOutcome.Error, Server = "beta" }));
        Assert.StartsWith("unavailable", entry.Reason);
        Assert.Equal("echo", entry.Target);
    }

    [Fact]
    public async Task StorePayloads_KeepsArgumentsAndResult()
    {
        await using var gateway = await AuditedGateway.StartAsync(postgres, [new FakeUpstream("alpha")], new Dictionary<string, string?> { ["Gateway:Audit:StorePayloads"] = "true" });
        await using var client = await gateway.ConnectAsync();

        await client.CallToolAsync("alpha-echo", new Dictionary<string, object?> { ["text"] = "kept" });

        var entry = Assert.Single(await AuditedGateway.WaitForAsync(gateway, e => e.Method == "tools/call"));
        Assert.Equal("""{"text":"kept"}""", entry.Arguments);
        Assert.Contains("\"kept\"", entry.Result);
    }

    private static async Task<HttpResponseMessage> Post(GatewayHost gateway, string route, string key, string body)
    {
        using var http = gateway.Http(key);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway.BaseAddress, route))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return await http.SendAsync(request);
    }
}
