using System.Text.Json;

namespace McpPlatform.IntegrationTests;

/// <summary>
/// The REST surface as an OpenAPI client meets it (Open WebUI's OpenAPI tool servers, generated clients): the gateway's
/// documents pass a real OpenAPI 3.1 validator from npm, and a client built at run time from a document alone
/// (openapi-client-axios) calls an operation that runs the Postgres connector's tool through the gateway.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class RestOpenApiClientTests(PlatformFixture platform)
{
    private const string AllDocument = "/v1/mcp/openapi.json";
    private const string DbDocument = "/v1/mcp/servers/db/openapi.json";
    private const string ListTwoCustomers = """{"sql":"SELECT name FROM demo.customers ORDER BY id LIMIT 2"}""";
    private const string DeleteOrders = """{"sql":"DELETE FROM demo.orders"}""";

    private static RunBatch<JsonElement>? runs;

    [Theory]
    [InlineData(AllDocument, "postgres_main-execute_sql")]
    [InlineData(DbDocument, "execute_sql")]
    public async Task OpenApiDocument_PassesTheOpenApi31Validator_WithAnOperationPerTool(string path, string operation)
    {
        var output = await RunClientAsync(path);

        Assert.True(output.GetProperty("valid").GetBoolean(), output.ToString());
        Assert.Equal("3.1", output.GetProperty("version").GetString());
        Assert.Contains(operation, output.GetProperty("operations").EnumerateArray().Select(id => id.GetString()!).ToList());
    }

    [Fact]
    public async Task GeneratedClient_CallsExecuteSqlFromTheDocumentAlone()
    {
        var output = await RunClientAsync(DbDocument, "execute_sql", ListTwoCustomers);

        var result = output.GetProperty("result");
        Assert.Equal(200, result.GetProperty("status").GetInt32());
        var rows = result.GetProperty("data").GetProperty("structuredContent").GetProperty("rows");
        Assert.Equal(["Ada Lovelace", "Grace Hopper"], rows.EnumerateArray().Select(row => row.GetProperty("name").GetString()!).ToList());
    }

    [Fact]
    public async Task GeneratedClient_ReadOnlySqlRulesHoldOverRest()
    {
        var output = await RunClientAsync(AllDocument, "postgres_main-execute_sql", DeleteOrders);

        var data = output.GetProperty("result").GetProperty("data");
        Assert.True(data.GetProperty("isError").GetBoolean(), data.ToString()); // the connector's own refusal, as on MCP
    }

    /// <summary>The client's answer; the class's four runs all start with the first (<see cref="RunBatch{TResult}"/>).</summary>
    private Task<JsonElement> RunClientAsync(params string[] pathAndOperation) =>
        LazyInitializer.EnsureInitialized(ref runs, () => new RunBatch<JsonElement>(
            run => RunClientAsync(platform, run[0], run[1..]),
            [[AllDocument], [DbDocument], [DbDocument, "execute_sql", ListTwoCustomers], [AllDocument, "postgres_main-execute_sql", DeleteOrders]]))
        .GetAsync(pathAndOperation);

    private static async Task<JsonElement> RunClientAsync(PlatformFixture platform, string path, string[] operation)
    {
        var url = new Uri(platform.App.GetEndpoint("gateway", "http"), path);
        var home = ClientPackages.NewHome();
        try
        {
            var environment = ClientPackages.Environment(home);
            environment["MCPPLATFORM_API_KEY"] = PlatformFixture.ApiKey;
            var (exitCode, output) = await ProcessRunner.RunAsync(
                ClientPackages.Node, [Path.Combine(ClientPackages.Directory, "openapi-client.mjs"), url.ToString(), .. operation], ClientPackages.Directory, environment);
            Assert.True(exitCode == 0, output);
            using var document = JsonDocument.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..]);
            return document.RootElement.Clone();
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
