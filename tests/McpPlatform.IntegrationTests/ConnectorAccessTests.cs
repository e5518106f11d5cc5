using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;

namespace McpPlatform.IntegrationTests;

/// <summary>
/// The connector answers only holders of its secret: anything else on the network (another container on
/// <c>mcp-net</c>) that calls it directly skips the gateway's keys and tool rules, and is refused. The gateway
/// presents the secret; health probes need none; nothing logs it.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ConnectorAccessTests(PlatformFixture platform)
{
    private const string Initialize =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"intruder","version":"1"}}}""";

    public static TheoryData<string, string, string> RoutesAndCredentials()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var route in (string[])["POST /mcp", "GET /mcp", "DELETE /mcp", "GET /mcp/sse", "POST /mcp/message?sessionId=abc", "GET /mcp/other", "GET /metrics"])
        {
            foreach (var credential in (string[])["none", "wrong secret", "secret without scheme", "secret as Basic", "secret in X-Api-Key", "secret in X-Connector-Secret", "secret in query", "secret prefix", "secret plus suffix"])
            {
                var (method, path) = (route.Split(' ')[0], route.Split(' ')[1]);
                data.Add(method, path, credential);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RoutesAndCredentials))]
    public async Task DirectCallToConnector_WithoutSecret_IsRefused(string method, string path, string credential)
    {
        using var http = platform.CreateConnectorHttpClient(secret: null);
        using var request = Request(method, credential == "secret in query" ? $"{path}{(path.Contains('?') ? '&' : '?')}access_token={PlatformFixture.ConnectorSecret}" : path);
        Present(request, credential);

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        var body = await response.Content.ReadAsStringAsync();
        using var error = JsonDocument.Parse(body);
        Assert.Equal("connector_secret_required", error.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.DoesNotContain(PlatformFixture.ConnectorSecret, body);
    }

    [Fact]
    public async Task DirectCallToConnector_WithSecret_IsServed()
    {
        using var http = platform.CreateConnectorHttpClient();
        using var request = Request("POST", "/mcp");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"serverInfo\"", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(HttpTransportMode.StreamableHttp)]
    [InlineData(HttpTransportMode.Sse)]
    public async Task DirectSessionWithConnector_WithSecret_CallsTools(HttpTransportMode mode)
    {
        await using var client = await platform.ConnectToConnectorAsync(mode);

        var result = await client.CallToolAsync("execute_sql", new Dictionary<string, object?> { ["sql"] = "SELECT 1 AS one" });

        Assert.NotEqual(true, result.IsError);
    }

    [Theory]
    [InlineData("/mcp/postgres_main")]
    [InlineData("/mcp")]
    public async Task GatewayToConnector_SendsTheConfiguredSecret_ToolCallsWork(string route)
    {
        await using var client = await platform.ConnectToGatewayAsync(route);
        var tool = route == "/mcp" ? "postgres_main-execute_sql" : "execute_sql";

        var result = await client.CallToolAsync(tool, new Dictionary<string, object?> { ["sql"] = "SELECT 1 AS one" });

        Assert.NotEqual(true, result.IsError);
        Assert.Equal(1, result.StructuredContent!.Value.GetProperty("rows")[0].GetProperty("one").GetInt32());
    }

    [Fact]
    public async Task Gateway_ClientsAuthorization_NeverReachesAnUpstream()
    {
        await using var client = await platform.ConnectToGatewayAsync("/mcp/fixture");

        var result = await client.CallToolAsync("count", new Dictionary<string, object?> { ["n"] = 1 });

        Assert.NotEqual(true, result.IsError);
        // The fixture upstream has no configured headers: whatever Authorization it saw came from a client.
        Assert.Empty(FixtureServer.ReceivedAuthorizations);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task HealthProbes_WithoutSecret_StayOpen(string path)
    {
        using var http = platform.CreateConnectorHttpClient(secret: null);

        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ConnectorSecret_IsNeverLogged()
    {
        using (var http = platform.CreateConnectorHttpClient(secret: PlatformFixture.ConnectorSecret + "x"))
        {
            using var refused = await http.SendAsync(Request("POST", "/mcp"));
        }

        await using (var client = await platform.ConnectToGatewayAsync("/mcp/postgres_main"))
        {
            await client.ListToolsAsync();
        }

        var logger = platform.App.Services.GetRequiredService<ResourceLoggerService>();
        var model = platform.App.Services.GetRequiredService<DistributedApplicationModel>();
        var resources = model.Resources.Where(resource => resource.Name is "gateway" or "mcp-postgres").ToList();
        Assert.Equal(2, resources.Count);
        foreach (var resource in resources)
        {
            var lines = new List<string>();
            await foreach (var batch in logger.GetAllAsync(resource))
            {
                lines.AddRange(batch.Select(line => line.Content));
            }

            Assert.NotEmpty(lines);
            Assert.DoesNotContain(lines, line => line.Contains(PlatformFixture.ConnectorSecret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task ConnectorOverHttp_OutsideDevelopmentWithoutSecret_RefusesToStart()
    {
        await using var connector = ConnectorProcess.Start(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__maindb"] = (await platform.App.GetConnectionStringAsync("maindb"))!,
        });

        var exitCode = await connector.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Connector:Secret is not set", connector.Output);
    }

    [Fact]
    public async Task ConnectorInDevelopmentWithoutSecret_ServesAndWarns()
    {
        var connector = await platform.GetOpenConnectorAsync();
        using var http = new HttpClient { BaseAddress = connector.BaseAddress };

        using var response = await http.SendAsync(Request("POST", "/mcp"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Connector:Secret is not set: the MCP endpoints answer anyone", connector.Output);
    }

    [Fact]
    public async Task ConnectorOverStdio_OutsideDevelopment_NeedsNoSecret()
    {
        var dll = Path.Combine(RepositoryPaths.Root, "McpPlatform.Connectors.Postgres", "bin", BuildConfiguration.Name, "net10.0", "McpPlatform.Connectors.Postgres.dll");
        await using var client = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = "dotnet",
            Arguments = [dll, "--stdio"],
            EnvironmentVariables = new Dictionary<string, string?>
            {
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Connector__Secret"] = null,
                ["ConnectionStrings__maindb"] = await platform.App.GetConnectionStringAsync("maindb"),
            },
            Name = "postgres-stdio-production",
        }));

        var tools = await client.ListToolsAsync();

        Assert.Contains(tools, tool => tool.Name == "execute_sql");
    }

    private static HttpRequestMessage Request(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new StringContent(Initialize, Encoding.UTF8, "application/json");
        }

        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        return request;
    }

    private static void Present(HttpRequestMessage request, string credential)
    {
        const string secret = PlatformFixture.ConnectorSecret;
        switch (credential)
        {
            case "wrong secret":
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "wrong-secret-0123456789abcdef");
                break;
            case "secret without scheme":
                request.Headers.TryAddWithoutValidation("Authorization", secret);
                break;
            case "secret as Basic":
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("gateway:" + secret)));
                break;
            case "secret in X-Api-Key":
                request.Headers.TryAddWithoutValidation("X-Api-Key", secret);
                break;
            case "secret in X-Connector-Secret":
                request.Headers.TryAddWithoutValidation("X-Connector-Secret", secret);
                break;
            case "secret prefix":
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret[..^1]);
                break;
            case "secret plus suffix":
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret + "0");
                break;
        }
    }
}
