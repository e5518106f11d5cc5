using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static McpPlatform.Gateway.Tests.Pipeline.RestToolsTests;

namespace McpPlatform.Gateway.Tests.Pipeline;

/// <summary>
/// The OpenAPI 3.1 documents of the REST tool surface: one operation per tool the key may call, named and shaped so a
/// client generated from the document alone calls it (the npm validator and client run against the real platform in
/// the integration tests).
/// </summary>
public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task KeyDocument_OneOperationPerToolTheKeyMayCall_WithItsInputSchema()
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha"), new FakeUpstream("beta")]);

        var document = await DocumentAsync(gateway.Http(GatewayHost.NarrowKey), "/v1/mcp/openapi.json");

        Assert.Equal("3.1.0", document.GetProperty("openapi").GetString());
        Assert.Equal("http://localhost/v1/mcp", document.GetProperty("servers")[0].GetProperty("url").GetString());
        Assert.Equal(["/tools/alpha-echo", "/tools/alpha-whoami"], document.GetProperty("paths").EnumerateObject().Select(path => path.Name).Order().ToList());
        var operation = document.GetProperty("paths").GetProperty("/tools/alpha-echo").GetProperty("post");
        Assert.Equal("alpha-echo", operation.GetProperty("operationId").GetString());
        Assert.Equal("The echo tool.", operation.GetProperty("description").GetString());
        var schema = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Equal("string", schema.GetProperty("properties").GetProperty("text").GetProperty("type").GetString());
        Assert.Equal("#/components/schemas/ToolResult", operation.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.True(document.GetProperty("security")[0].TryGetProperty("bearer", out _));
    }

    [Fact]
    public async Task ServerDocument_ItsToolsUnderTheirOwnNames_AndItsBaseRunsThem()
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha"), new FakeUpstream("beta")]);
        using var http = gateway.Http();

        var document = await DocumentAsync(http, "/v1/mcp/servers/beta/openapi.json");
        var baseUrl = document.GetProperty("servers")[0].GetProperty("url").GetString()!;
        var path = document.GetProperty("paths").EnumerateObject().Single(path => path.Value.GetProperty("post").GetProperty("operationId").GetString() == "whoami").Name;
        using var call = await http.PostAsJsonAsync(baseUrl + path, new { });

        Assert.Equal("http://localhost/v1/mcp/servers/beta", baseUrl);
        Assert.Equal("beta", (await JsonAsync(call, HttpStatusCode.OK)).GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task InputSchemaWithLocalReferences_BecomesAComponentTheReferencesPointInto()
    {
        var alpha = new FakeUpstream("alpha") { ExtraTools = { "ship" } };
        alpha.InputSchemas["ship"] = JsonDocument.Parse("""
            {"type":"object","properties":{"to":{"$ref":"#/$defs/address"},"from":{"$ref":"#/$defs/address"}},"required":["to"],
             "$defs":{"address":{"type":"object","properties":{"city":{"type":"string"},"next":{"$ref":"#"}}}}}
            """).RootElement.Clone();
        await using var gateway = await GatewayHost.StartAsync([alpha]);

        var document = await DocumentAsync(gateway.Http(), "/v1/mcp/openapi.json");

        var body = document.GetProperty("paths").GetProperty("/tools/alpha-ship").GetProperty("post").GetProperty("requestBody");
        Assert.True(body.GetProperty("required").GetBoolean());
        Assert.Equal("#/components/schemas/alpha-ship.input", body.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        var component = document.GetProperty("components").GetProperty("schemas").GetProperty("alpha-ship.input");
        Assert.Equal("#/components/schemas/alpha-ship.input/$defs/address", component.GetProperty("properties").GetProperty("to").GetProperty("$ref").GetString());
        Assert.Equal("#/components/schemas/alpha-ship.input", component.GetProperty("$defs").GetProperty("address").GetProperty("properties").GetProperty("next").GetProperty("$ref").GetString());
        Assert.Equal("object", document.GetProperty("paths").GetProperty("/tools/alpha-echo").GetProperty("post").GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("type").GetString()); // no references: inline
    }

    [Fact]
    public async Task Document_ServersUrl_IsThePublicUrlWhenSet()
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha")], new Dictionary<string, string?> { ["Gateway:PublicUrl"] = "https://mcp.example.lan/" });

        var document = await DocumentAsync(gateway.Http(), "/v1/mcp/openapi.json");

        Assert.Equal("https://mcp.example.lan/v1/mcp", document.GetProperty("servers")[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task ServerDocument_ServerNotTheKeys_404()
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha"), new FakeUpstream("beta")]);

        using var response = await gateway.Http(GatewayHost.NarrowKey).GetAsync("/v1/mcp/servers/beta/openapi.json");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task<JsonElement> DocumentAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return await JsonAsync(response, HttpStatusCode.OK);
    }
}
