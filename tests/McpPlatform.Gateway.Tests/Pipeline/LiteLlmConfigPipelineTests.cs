using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using McpPlatform.Gateway.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace McpPlatform.Gateway.Tests.Pipeline;

/// <summary>
/// A gateway started from a LiteLLM config file (<c>Gateway:ConfigFile</c>) and LiteLLM's HTTP spellings: the
/// <c>x-litellm-api-key</c> header and the <c>/{server}/mcp</c> route, through the whole pipeline.
/// </summary>
public sealed class LiteLlmConfigPipelineTests : IDisposable
{
    private const string LanUserKey = "lan-user-key";
    private const string MasterKey = "pipeline-master-key-0123456789abcdef";

    private readonly string configFile = Path.Combine(Path.GetTempPath(), $"litellm-{Guid.NewGuid():N}.yaml");

    public LiteLlmConfigPipelineTests() => File.WriteAllText(configFile, """
        model_list:
          - model_name: "gpt-4o-mock"
            litellm_params:
              model: "mock-response"
              api_key: "mock-key"
          - model_name: "other-model"
            litellm_params:
              model: "mock-response"
        virtual_keys:
          - api_key: "lan-user-key"
            models: ["gpt-4o-mock"]
            user: "lan-user"
        mcp_aliases:
          a: "alpha"
        mcp_servers:
          alpha:
            url: "http://alpha:8686"
            transport: "sse"
            api_keys: ["lan-user-key"]
            disallowed_tools: ["whoami"]
          beta:
            url: "http://beta/mcp"
            allow_all_keys: true
            allowed_tools: ["whoami"]
        litellm_settings:
          drop_params: true
        """);

    public void Dispose() => File.Delete(configFile);

    private Task<GatewayHost> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? []) { ["Gateway:ConfigFile"] = configFile };
        return GatewayHost.StartAsync([new FakeUpstream("alpha"), new FakeUpstream("beta")], all);
    }

    [Fact]
    public async Task ModelsList_ImportedShortKey_ListsOnlyItsModelsWithItsServersOfferedTools()
    {
        await using var gateway = await StartAsync();

        var models = await gateway.Http(LanUserKey).GetFromJsonAsync<JsonElement>("/v1/models");

        var model = Assert.Single(models.GetProperty("data").EnumerateArray());
        Assert.Equal("gpt-4o-mock", model.GetProperty("id").GetString());
        var tools = model.GetProperty("tools").EnumerateArray().Select(tool => tool.GetProperty("function").GetProperty("name").GetString()).Order().ToList();
        Assert.Equal(["alpha-echo", "beta-whoami"], tools); // alpha: its api_keys, without disallowed whoami; beta: allow_all_keys, allowed whoami only
    }

    [Fact]
    public async Task Start_ImportWarnings_AreKeptForTheAdminPage()
    {
        await using var gateway = await StartAsync();

        var warnings = gateway.Services.GetRequiredService<StartupWarnings>().All;

        Assert.Contains(warnings, warning => warning.Contains("'lan-user'", StringComparison.Ordinal) && warning.Contains("shorter than 16", StringComparison.Ordinal));
        Assert.Contains(warnings, warning => warning.Contains("'litellm_settings' is not supported", StringComparison.Ordinal));
        Assert.DoesNotContain(warnings, warning => warning.Contains(LanUserKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Settings_WinOverTheFile()
    {
        await using var gateway = await StartAsync(new() { ["Gateway:Models:gpt-4o-mock:OwnedBy"] = "from-settings" });

        var models = await gateway.Http(LanUserKey).GetFromJsonAsync<JsonElement>("/v1/models");

        Assert.Equal("from-settings", Assert.Single(models.GetProperty("data").EnumerateArray()).GetProperty("owned_by").GetString());
    }

    [Theory]
    [InlineData(LanUserKey)]
    [InlineData("Bearer " + LanUserKey)]
    public async Task LiteLlmKeyHeader_WithOrWithoutBearer_AuthenticatesLikeAuthorization(string header)
    {
        await using var gateway = await StartAsync();
        using var http = gateway.Http();
        http.DefaultRequestHeaders.Authorization = null;
        http.DefaultRequestHeaders.Add("x-litellm-api-key", header);

        var models = await http.GetFromJsonAsync<JsonElement>("/v1/models");

        Assert.Equal("gpt-4o-mock", Assert.Single(models.GetProperty("data").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task LiteLlmKeyHeader_WrongKey_IsRefusedEvenBesideAValidAuthorization()
    {
        await using var gateway = await StartAsync();
        using var http = gateway.Http(); // a valid Authorization: Bearer key
        http.DefaultRequestHeaders.Add("x-litellm-api-key", "not-a-key-of-this-gateway");

        using var response = await http.GetAsync("/v1/models");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_api_key", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task LiteLlmKeyHeader_OnTheMcpRoute_OpensASession()
    {
        await using var gateway = await StartAsync();
        using var http = gateway.Http();
        http.DefaultRequestHeaders.Authorization = null;
        http.DefaultRequestHeaders.Add("x-litellm-api-key", LanUserKey);
        var transport = new ModelContextProtocol.Client.HttpClientTransport(
            new() { Endpoint = new Uri(gateway.BaseAddress, "/mcp"), TransportMode = ModelContextProtocol.Client.HttpTransportMode.StreamableHttp },
            http);
        await using var client = await ModelContextProtocol.Client.McpClient.CreateAsync(transport, new() { ProtocolVersion = "2025-11-25" });

        var names = (await client.ListToolsAsync()).Select(tool => tool.Name).Order().ToList();

        Assert.Equal(["alpha-echo", "beta-whoami"], names);
    }

    [Fact]
    public async Task LiteLlmKeyHeader_WithTheMasterKey_DoesNotOpenTheAdminApi()
    {
        await using var gateway = await StartAsync(new() { ["Gateway:Admin:MasterKey"] = MasterKey });
        using var http = gateway.Http();
        http.DefaultRequestHeaders.Authorization = null;
        http.DefaultRequestHeaders.Add("x-litellm-api-key", MasterKey);

        using var response = await http.GetAsync("/v1/admin/keys");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("missing_master_key", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("/alpha/mcp")]
    [InlineData("/a/mcp")] // an alias from mcp_aliases
    [InlineData("/mcp/a")]
    public async Task ServerFirstRoute_ListsThatServersToolsUnprefixed(string route)
    {
        await using var gateway = await StartAsync();
        await using var client = await gateway.ConnectAsync(route, LanUserKey);

        var names = (await client.ListToolsAsync()).Select(tool => tool.Name).ToList();

        Assert.Equal(["echo"], names);
    }

    [Theory]
    [InlineData("/nothing/mcp")]
    [InlineData("/beta/mcp")] // reachable by LanUserKey through allow_all_keys...
    public async Task ServerFirstRoute_UnknownOrForbiddenServer_Is404(string route)
    {
        await using var gateway = await StartAsync(new() { ["Gateway:Servers:beta:AllowAllKeys"] = "false" }); // ...unless settings say otherwise
        using var http = gateway.Http(LanUserKey);

        using var response = await http.PostAsJsonAsync(route, new { jsonrpc = "2.0", id = 1, method = "tools/list" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("unknown_server", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
    }
}
