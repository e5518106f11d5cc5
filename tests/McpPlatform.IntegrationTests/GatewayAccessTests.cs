using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace McpPlatform.IntegrationTests;

/// <summary>
/// The end-to-end slice of routes and access through the real gateway with real upstreams: the Postgres connector over
/// HTTP (<c>postgres_main</c>, alias <c>db</c>) and spawned over stdio (<c>pg_stdio</c>, alias <c>replica</c>).
/// Per-key access by every route (forbidden servers and tools, allow lists, header narrowing, sessions bound to their
/// key) is tested in milliseconds against in-memory upstreams: McpPlatform.Gateway.Tests' <c>PipelineAccessTests</c>.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class GatewayAccessTests(PlatformFixture platform)
{
    private static readonly Dictionary<string, object?> Select1 = new() { ["sql"] = "SELECT 1 AS one" };

    [Fact]
    public async Task Aggregate_AllServersKey_ListsBothUpstreamsNamespaced()
    {
        await using var client = await platform.ConnectToGatewayAsync();

        var names = (await client.ListToolsAsync()).Select(tool => tool.Name).ToList();

        Assert.Contains("postgres_main-execute_sql", names);
        Assert.Contains("pg_stdio-execute_sql", names);
    }

    [Fact]
    public async Task StdioUpstream_CallThroughGateway_ReturnsRows()
    {
        await using var client = await platform.ConnectToGatewayAsync();

        var result = await client.CallToolAsync("pg_stdio-execute_sql", new Dictionary<string, object?> { ["sql"] = "SELECT count(*) AS n FROM demo.customers" });

        Assert.Equal(5, result.StructuredContent!.Value.GetProperty("rows")[0].GetProperty("n").GetInt64());
    }

    [Theory]
    [InlineData("/mcp/postgres_main")]
    [InlineData("/mcp/db")]
    [InlineData("/mcp/DB")]
    [InlineData("/mcp/replica")]
    public async Task PerServerRoute_ByNameOrAlias_ListsOriginalNamesAndCalls(string path)
    {
        await using var client = await platform.ConnectToGatewayAsync(path);

        var names = (await client.ListToolsAsync()).Select(tool => tool.Name).ToList();
        var result = await client.CallToolAsync("execute_sql", Select1);

        Assert.Contains("execute_sql", names);
        Assert.DoesNotContain(names, name => name.Contains('-', StringComparison.Ordinal));
        Assert.Equal(1, result.StructuredContent!.Value.GetProperty("rows")[0].GetProperty("one").GetInt32());
    }

    [Fact]
    public async Task AnonymousAccess_ReachesOnlyTheGrantedServersOwnRoute()
    {
        // The tests grant keyless loopback clients the conformance server (Gateway:Anonymous), for the suite's client.
        Assert.Equal(HttpStatusCode.OK, await InitializeStatusAsync("/mcp/conformance", key: null));
        foreach (var path in (string[])["/mcp", "/mcp/postgres_main", "/mcp/db", "/mcp/fixture", "/mcp/sse"])
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await InitializeStatusAsync(path, key: null));
        }

        using var http = platform.CreateGatewayHttpClient(apiKey: null);
        using var servers = await http.GetAsync("/v1/mcp/servers");
        Assert.Equal(HttpStatusCode.Unauthorized, servers.StatusCode);
    }

    [Fact]
    public async Task ServersApi_ShowsEachUpstreamUpWithToolCounts()
    {
        var servers = (await GetJsonAsync("/v1/mcp/servers", PlatformFixture.ApiKey)).GetProperty("servers").EnumerateArray().ToList();

        Assert.Equal(["conformance", "everything", "fixture", "pg_stdio", "pg_writable", "postgres_main"], servers.Select(s => s.GetProperty("name").GetString()));
        Assert.All(servers, server => Assert.Equal("up", server.GetProperty("status").GetString()));
        Assert.Equal([12, 12, 12], servers.Skip(3).Select(server => server.GetProperty("toolCount").GetInt32()));
        Assert.All(servers.Take(3), server => Assert.True(server.GetProperty("toolCount").GetInt32() > 0));
    }

    [Fact]
    public async Task StdioUpstreamKilled_IsRestartedAndOtherServersKeepWorking()
    {
        await using var client = await platform.ConnectToGatewayAsync();
        await client.CallToolAsync("pg_stdio-execute_sql", Select1);

        foreach (var process in StdioConnectorProcesses())
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        var other = await client.CallToolAsync("postgres_main-execute_sql", Select1);
        Assert.NotEqual(true, other.IsError);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        CallToolResult result;
        do
        {
            result = await client.CallToolAsync("pg_stdio-execute_sql", Select1);
            if (result.IsError == true)
            {
                Assert.Contains("pg_stdio", Assert.IsType<TextContentBlock>(result.Content[0]).Text); // a clear error for its tools only
                await Task.Delay(500);
            }
        }
        while (result.IsError == true && DateTime.UtcNow < deadline);

        Assert.NotEqual(true, result.IsError);
        Assert.NotEmpty(StdioConnectorProcesses());
    }

    /// <summary>
    /// pg_stdio's connector processes started from this checkout's build (test runs of other checkouts on the same
    /// machine have their own, and are left alone).
    /// </summary>
    internal static List<Process> StdioConnectorProcesses() =>
        [.. Process.GetProcessesByName("dotnet").Where(process =>
        {
            try
            {
                var commandLine = File.ReadAllText($"/proc/{process.Id}/cmdline");
                return commandLine.Contains(Path.Combine(RepositoryPaths.Root, "McpPlatform.Connectors.Postgres", "bin"), StringComparison.Ordinal)
                    && commandLine.Contains("--stdio", StringComparison.Ordinal)
                    && commandLine.Contains("--ConnectionStrings:maindb", StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
        })];

    private async Task<HttpStatusCode> InitializeStatusAsync(string path, string? key)
    {
        using var http = platform.CreateGatewayHttpClient(key);
        using var response = await http.SendAsync(Initialize(path));
        return response.StatusCode;
    }

    private async Task<JsonElement> GetJsonAsync(string path, string key)
    {
        using var http = platform.CreateGatewayHttpClient(key);
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static HttpRequestMessage Initialize(string path) =>
        JsonRpc(path, """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""");

    private static HttpRequestMessage JsonRpc(string path, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        return request;
    }
}
