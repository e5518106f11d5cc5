using McpPlatform.Gateway.Auth;
using McpPlatform.Gateway.Configuration;

namespace McpPlatform.Gateway.Tests;

public sealed class GatewayOptionsValidatorTests
{
    private readonly GatewayOptionsValidator validator = new();

    [Fact]
    public void Validate_DeploymentConfiguration_Succeeds()
    {
        var result = validator.Validate(null, TestOptions.Create());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_ServerWithoutUrl_FailsNamingTheSetting()
    {
        var options = TestOptions.Create();
        options.Servers["postgres_main"].Url = null;

        var result = validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Gateway:Servers:postgres_main:Url", result.FailureMessage);
    }

    [Fact]
    public void Validate_ConfigurationKeyNamedLikeAVirtualKeyId_Fails()
    {
        var options = TestOptions.Create();
        options.Keys["vk_abcdefghijkm"] = new ApiKeyOptions { Key = "a-configuration-key-posing-as-a-virtual-one", Servers = ["*"] };

        var result = validator.Validate(null, options);

        Assert.Contains("Gateway:Keys:vk_abcdefghijkm: key names starting with 'vk_' are reserved", result.FailureMessage);
    }

    [Fact]
    public void Validate_AliasThatIsAnotherServersName_Fails()
    {
        var options = TestOptions.Create();
        options.Servers["everything"].Aliases.Add("postgres_main");

        var result = validator.Validate(null, options);

        Assert.Contains("Gateway:Servers:everything:Aliases", result.FailureMessage);
    }

    [Fact]
    public void Validate_KeyGrantingUnknownServer_Fails()
    {
        var options = TestOptions.Create();
        options.Keys["local-user"].Servers.Add("nope");

        var result = validator.Validate(null, options);

        Assert.Contains("Gateway:Keys:local-user:Servers: 'nope'", result.FailureMessage);
    }

    [Fact]
    public void Validate_KeyNamedLikeAVirtualKeyId_Fails()
    {
        var options = TestOptions.Create();
        options.Keys["vk_abcdefghijkm"] = new ApiKeyOptions { Key = "another-key-0123456789", Servers = ["db"] };

        var result = validator.Validate(null, options);

        Assert.Contains("Gateway:Keys:vk_abcdefghijkm: key names starting with 'vk_' are reserved for virtual keys.", result.FailureMessage);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("short", null)]
    [InlineData(null, "not-hex")]
    [InlineData(TestOptions.LocalKey, "0000000000000000000000000000000000000000000000000000000000000000")]
    public void Validate_KeyWithoutExactlyOneUsableSecret_Fails(string? key, string? hash)
    {
        var options = TestOptions.Create();
        options.Keys["local-user"].Key = key;
        options.Keys["local-user"].KeySha256 = hash;

        var result = validator.Validate(null, options);

        Assert.Contains("Gateway:Keys:local-user", result.FailureMessage);
    }

    [Fact]
    public void Validate_SameKeyTwice_Fails()
    {
        var options = TestOptions.Create();
        options.Keys["copy"] = new ApiKeyOptions { KeySha256 = KeyHasher.Sha256Hex(TestOptions.LocalKey) };

        var result = validator.Validate(null, options);

        Assert.Contains("the same key is configured twice", result.FailureMessage);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("::::")]
    public void Validate_SeparatorClientsWouldRefuse_Fails(string separator)
    {
        var options = TestOptions.Create();
        options.ToolNameSeparator = separator;

        var result = validator.Validate(null, options);

        Assert.Contains("Gateway:ToolNameSeparator", result.FailureMessage);
    }

    [Fact]
    public void Validate_StdioServerWithoutCommand_FailsNamingTheSetting()
    {
        var options = TestOptions.Create();
        options.Servers["everything"] = new UpstreamServerOptions { Transport = "stdio" };

        Assert.Contains("Gateway:Servers:everything:Command", validator.Validate(null, options).FailureMessage);
    }

    [Fact]
    public void Validate_StdioAndSseServers_Succeed()
    {
        var options = TestOptions.Create();
        options.Servers["everything"] = new UpstreamServerOptions { Transport = "stdio", Command = "npx", Args = ["-y", "@modelcontextprotocol/server-everything", "stdio"] };
        options.Servers["legacy"] = new UpstreamServerOptions { Transport = "sse", Url = new Uri("http://legacy:3001/sse") };

        Assert.True(validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_UnknownTransport_Fails()
    {
        var options = TestOptions.Create();
        options.Servers["everything"].Transport = "websocket";

        Assert.Contains("Gateway:Servers:everything:Transport", validator.Validate(null, options).FailureMessage);
    }

    [Theory]
    [InlineData("sse")]
    [InlineData("message")]
    [InlineData("V1")] // /v1/mcp would be the REST API, not LiteLLM's /{server}/mcp
    public void Validate_ServerOrAliasNamedLikeALegacySseRouteOrTheRestApi_Fails(string name)
    {
        var options = TestOptions.Create();
        options.Servers["everything"].Aliases.Add(name);

        Assert.Contains("reserved", validator.Validate(null, options).FailureMessage);
    }

    [Theory]
    [InlineData("execute_sql")]
    [InlineData("nope/execute_sql")]
    public void Validate_BadToolPattern_FailsNamingTheList(string pattern)
    {
        var options = TestOptions.Create();
        options.Keys["local-user"].DenyTools.Add(pattern);

        Assert.Contains("Gateway:Keys:local-user:DenyTools", validator.Validate(null, options).FailureMessage);
    }

    [Theory]
    [InlineData("Prompts", "explore_schema")]
    [InlineData("DenyPrompts", "nope/explore_schema")]
    [InlineData("Resources", "postgres://maindb/demo/customers")]
    [InlineData("DenyResources", "db/")]
    [InlineData("DenyResources", "db/postgres://*/hr/*")]
    [InlineData("Prompts", "db/*_schema")]
    public void Validate_BadPromptOrResourcePattern_FailsNamingTheList(string list, string pattern)
    {
        var options = TestOptions.Create();
        var key = options.Keys["local-user"];
        (list switch { "Prompts" => key.Prompts, "DenyPrompts" => key.DenyPrompts, "Resources" => key.Resources, _ => key.DenyResources }).Add(pattern);

        Assert.Contains($"Gateway:Keys:local-user:{list}: '{pattern}'", validator.Validate(null, options).FailureMessage);
    }

    [Fact]
    public void Validate_ResourcePatternsWithUrisAndTemplates_Succeed()
    {
        var options = TestOptions.Create();
        options.Anonymous.Servers = ["db"];
        options.Anonymous.Resources = ["db/postgres://{database}/{schema}/{table}", "db/postgres://maindb/demo/*"];
        options.Anonymous.Prompts = ["*/explore_*"];

        Assert.True(validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_AnonymousAccessToUnknownServer_FailsNamingTheSetting()
    {
        var options = TestOptions.Create();
        options.Anonymous.Servers.Add("nowhere");

        var result = validator.Validate(null, options);

        Assert.Contains("Gateway:Anonymous:Servers: 'nowhere'", result.FailureMessage);
    }

    [Fact]
    public void Validate_KeyNamedLikeAnonymousAccess_Fails()
    {
        var options = TestOptions.Create();
        options.Keys[AnonymousAccessOptions.KeyName] = new ApiKeyOptions { Key = "another-key-0123456789", Servers = ["db"] };

        var result = validator.Validate(null, options);

        Assert.Contains("reserved for anonymous access", result.FailureMessage);
    }

    [Fact]
    public void Validate_ShortKey_FailsUnlessImportedFromALiteLlmConfig()
    {
        var typed = TestOptions.Create();
        typed.Keys["short"] = new ApiKeyOptions { Key = "lan-user-key", Servers = ["db"] };
        var imported = TestOptions.Create();
        imported.Keys["short"] = new ApiKeyOptions { Key = "lan-user-key", Servers = ["db"], Imported = true };

        Assert.Contains("Gateway:Keys:short:Key is shorter than 16 characters", validator.Validate(null, typed).FailureMessage);
        Assert.True(validator.Validate(null, imported).Succeeded, validator.Validate(null, imported).FailureMessage);
    }

    [Fact]
    public void Validate_KeyNamingAnUnknownModel_FailsNamingTheSetting()
    {
        var options = TestOptions.Create();
        options.Keys["models"] = new ApiKeyOptions { Key = "a-key-with-models-0123456789", Models = ["no-such-model"] };

        var result = validator.Validate(null, options);

        Assert.Contains("Gateway:Keys:models:Models: 'no-such-model' is not a configured model", result.FailureMessage);
    }
}
