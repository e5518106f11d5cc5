using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;

namespace McpPlatform.IntegrationTests;

/// <summary>
/// The LiteLLM config of the current plan (docs/examples/litellm-config.yaml, unchanged) loaded by a dev run: the
/// AppHost passes its <c>Gateway:ConfigFile</c> to the gateway, whose upstream <c>http://mcp-postgres:8686</c> (sse)
/// resolves through service discovery to the Postgres connector, which serves legacy SSE at its root.
/// </summary>
[Collection(SampleCollection)]
public sealed class LiteLlmConfigTests(LiteLlmConfigTests.SamplePlatform platform) : IClassFixture<LiteLlmConfigTests.SamplePlatform>
{
    /// <summary>
    /// Its own AppHost, run beside the platform collection's (not after every other collection: that added its whole
    /// start to the run's length; its resources have ports and a data directory of their own).
    /// </summary>
    public const string SampleCollection = "litellm-sample";

    private const string LanUserKey = "lan-user-key";

    [Fact]
    public async Task PlansCurlCheck_ModelsWithTheLanUserKey_ListsTheMockModelWithTheConnectorsTools()
    {
        var gateway = platform.App.GetEndpoint("gateway", "http");

        var (exitCode, output) = await ProcessRunner.RunAsync(
            "curl", ["-sS", "--fail-with-body", $"http://localhost:{gateway.Port}/v1/models", "-H", $"Authorization: Bearer {LanUserKey}"], RepositoryPaths.Root);

        Assert.True(exitCode == 0, output);
        using var body = JsonDocument.Parse(output);
        var model = Assert.Single(body.RootElement.GetProperty("data").EnumerateArray()); // the key's models: gpt-4o-mock only
        Assert.Equal("gpt-4o-mock", model.GetProperty("id").GetString());
        var tools = model.GetProperty("tools").EnumerateArray().Select(tool => tool.GetProperty("function").GetProperty("name").GetString()).ToList();
        Assert.Contains("postgres_main-execute_sql", tools);
        Assert.Contains("postgres_main-list_schemas", tools);
    }

    [Theory]
    [InlineData("/db/mcp")] // LiteLLM's route spelling and the sample's alias
    [InlineData("/mcp/postgres_main")]
    public async Task LanUserKey_CallsTheConnectorThroughItsSseUpstream(string route)
    {
        using var http = platform.App.CreateHttpClient("gateway");
        http.DefaultRequestHeaders.Add("x-litellm-api-key", LanUserKey);
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions { Endpoint = new Uri(http.BaseAddress!, route), TransportMode = HttpTransportMode.StreamableHttp },
            http,
            NullLoggerFactory.Instance);
        await using var client = await McpClient.CreateAsync(transport);

        var result = await client.CallToolAsync("list_schemas");

        Assert.NotEqual(true, result.IsError);
        Assert.Contains("demo", JsonSerializer.Serialize(result.Content));
    }

    [Fact]
    public async Task AppHost_ConfigFileThatDoesNotExist_StopsNamingIt()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"absent-{Guid.NewGuid():N}.yaml");

        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.McpPlatform_AppHost>([$"Gateway:ConfigFile={missing}"]);
        });

        Assert.Contains(missing, error.ToString());
    }

    /// <summary>One AppHost start (slow) for the sample: its own data directory, the sample as the AppHost's Gateway:ConfigFile.</summary>
    public sealed class SamplePlatform : IAsyncLifetime
    {
        private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "mcpplatform-litellm-" + Guid.NewGuid().ToString("N"));

        public DistributedApplication App { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
            var sample = Path.Combine(RepositoryPaths.Root, "docs", "examples", "litellm-config.yaml");
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.McpPlatform_AppHost>(
                [
                    $"LocalPostgres:DataDirectory={dataDirectory}", $"Gateway:ConfigFile={sample}", "Gateway:LocalhostOnly=true",
                    $"Parameters:gateway-api-key={PlatformFixture.ApiKey}", $"Parameters:gateway-master-key={PlatformFixture.MasterKey}", $"Parameters:mcp-postgres-secret={PlatformFixture.ConnectorSecret}",
                ],
                (options, _) => options.DisableDashboard = true,
                cts.Token);
            App = await builder.BuildAsync(cts.Token);
            await App.StartAsync(cts.Token);
            await App.ResourceNotifications.WaitForResourceHealthyAsync("gateway", cts.Token);
        }

        public async Task DisposeAsync()
        {
            if (App is not null)
            {
                await App.DisposeAsync();
            }

            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }
}

[CollectionDefinition(LiteLlmConfigTests.SampleCollection)]
public sealed class LiteLlmSampleCollection;
