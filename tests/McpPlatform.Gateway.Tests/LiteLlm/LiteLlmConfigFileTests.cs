using McpPlatform.Gateway.Configuration.LiteLlm;

namespace McpPlatform.Gateway.Tests.LiteLlm;

/// <summary>The LiteLLM config mapper: every documented field, warnings for the rest, clear errors for broken files.</summary>
public sealed class LiteLlmConfigFileTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    private static LiteLlmImport Parse(string yaml, IReadOnlyDictionary<string, string>? environment = null) =>
        LiteLlmConfigFile.Parse(yaml, "config.yaml", name => (environment ?? NoEnvironment).GetValueOrDefault(name));

    [Fact]
    public void Parse_PlanSample_MapsModelKeyAliasAndServer()
    {
        var import = Parse(LiteLlmSample.Yaml);

        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["Gateway:Models:gpt-4o-mock:OwnedBy"] = "mcpplatform",
                ["Gateway:Models:gpt-4o-mock:Model"] = "mock-response",
                ["Gateway:Models:gpt-4o-mock:ApiKey"] = "mock-key",
                ["Gateway:Keys:lan-user:Key"] = "lan-user-key",
                ["Gateway:Keys:lan-user:Imported"] = "true",
                ["Gateway:Keys:lan-user:Models:0"] = "gpt-4o-mock",
                ["Gateway:Keys:lan-user:Servers:0"] = "postgres_main",
                ["Gateway:Servers:postgres_main:Aliases:0"] = "db",
                ["Gateway:Servers:postgres_main:Url"] = "http://mcp-postgres:8686",
                ["Gateway:Servers:postgres_main:Transport"] = "sse",
            }.OrderBy(pair => pair.Key),
            import.Settings.OrderBy(pair => pair.Key));
    }

    [Fact]
    public void Parse_ShortImportedKey_WarnsNamingTheKeyNeverShowingIt()
    {
        var import = Parse(LiteLlmSample.Yaml);

        var warning = Assert.Single(import.Warnings);
        Assert.Contains("config.yaml line 7", warning);
        Assert.Contains("'lan-user'", warning);
        Assert.Contains("shorter than 16", warning);
        Assert.DoesNotContain("lan-user-key", warning);
    }

    [Fact]
    public void Parse_EveryDocumentedServerField_MapsOntoTheServerOptions()
    {
        var import = Parse("""
            mcp_servers:
              github:
                url: "https://api.githubcopilot.com/mcp"
                transport: "http"
                description: "GitHub's tools"
                allowed_tools: ["get_issue", "list_issues"]
                disallowed_tools: ["delete_repo"]
                static_headers:
                  X-Custom: "abc"
                auth_type: "bearer_token"
                auth_value: "os.environ/GITHUB_TOKEN"
                allow_all_keys: true
                mcp_access_groups: ["dev"]
              files:
                command: "npx"
                args: ["-y", "@modelcontextprotocol/server-filesystem", "/data"]
                env:
                  ROOT: "/data"
            virtual_keys:
              - api_key: "a-long-enough-key-0123456789"
                key_alias: "dev team"
                mcp_access_groups: ["dev"]
            """, new Dictionary<string, string> { ["GITHUB_TOKEN"] = "ghp_secret" });

        var settings = import.Settings;
        Assert.Equal("https://api.githubcopilot.com/mcp", settings["Gateway:Servers:github:Url"]);
        Assert.Equal("http", settings["Gateway:Servers:github:Transport"]);
        Assert.Equal("GitHub's tools", settings["Gateway:Servers:github:Description"]);
        Assert.Equal("get_issue", settings["Gateway:Servers:github:AllowedTools:0"]);
        Assert.Equal("list_issues", settings["Gateway:Servers:github:AllowedTools:1"]);
        Assert.Equal("delete_repo", settings["Gateway:Servers:github:DisallowedTools:0"]);
        Assert.Equal("abc", settings["Gateway:Servers:github:Headers:X-Custom"]);
        Assert.Equal("Bearer ghp_secret", settings["Gateway:Servers:github:Headers:Authorization"]);
        Assert.Equal("true", settings["Gateway:Servers:github:AllowAllKeys"]);
        Assert.Equal("stdio", settings["Gateway:Servers:files:Transport"]); // a command without a transport
        Assert.Equal("npx", settings["Gateway:Servers:files:Command"]);
        Assert.Equal("@modelcontextprotocol/server-filesystem", settings["Gateway:Servers:files:Args:1"]);
        Assert.Equal("/data", settings["Gateway:Servers:files:Env:ROOT"]);
        Assert.Equal("github", settings["Gateway:Keys:dev-team:Servers:0"]); // through the shared access group
        Assert.False(settings.ContainsKey("Gateway:Keys:dev-team:Servers:1"));
        Assert.Empty(import.Warnings);
    }

    [Theory]
    [InlineData("api_key", "X-API-Key", "s3cret")]
    [InlineData("basic", "Authorization", "Basic s3cret")]
    [InlineData("authorization", "Authorization", "s3cret")]
    public void Parse_AuthType_BecomesTheUpstreamHeader(string authType, string header, string expected)
    {
        var import = Parse($"""
            mcp_servers:
              s:
                url: "http://s/mcp"
                auth_type: "{authType}"
                auth_value: "s3cret"
            """);

        Assert.Equal(expected, import.Settings[$"Gateway:Servers:s:Headers:{header}"]);
    }

    [Fact]
    public void Parse_UnknownKeysEverywhere_WarnNamingEachAndImportTheRest()
    {
        var import = Parse("""
            model_list:
              - model_name: "m"
                litellm_params:
                  model: "mock-response"
                  temperature: 0.2
                model_info:
                  id: "1"
            litellm_settings:
              drop_params: true
            router_settings:
              routing_strategy: "simple-shuffle"
            general_settings:
              database_url: "postgresql://x"
            mcp_servers:
              s:
                url: "http://s/mcp"
                spec_version: "2025-06-18"
            virtual_keys:
              - api_key: "a-long-enough-key-0123456789"
                max_budget: 10
            """);

        Assert.Equal("mock-response", import.Settings["Gateway:Models:m:Model"]);
        Assert.Equal("http://s/mcp", import.Settings["Gateway:Servers:s:Url"]);
        foreach (var key in (string[])["model_list[0].litellm_params.temperature", "model_list[0].model_info", "'litellm_settings'", "'router_settings'", "general_settings.database_url", "mcp_servers.s.spec_version", "virtual_keys[0].max_budget"])
        {
            Assert.Contains(import.Warnings, warning => warning.Contains(key, StringComparison.Ordinal) && warning.Contains("not supported", StringComparison.Ordinal));
        }

        Assert.Equal(7, import.Warnings.Count);
    }

    [Fact]
    public void Parse_ExtraHeaders_BecomeTheServersForwardHeaders()
    {
        var import = Parse("""
            mcp_servers:
              s:
                url: "http://s/mcp"
                extra_headers: ["x-custom-header", "x-user-token"]
            """);

        Assert.Empty(import.Warnings);
        Assert.Equal("x-custom-header", import.Settings["Gateway:Servers:s:ForwardHeaders:0"]);
        Assert.Equal("x-user-token", import.Settings["Gateway:Servers:s:ForwardHeaders:1"]);
    }

    [Fact]
    public void Parse_MalformedYaml_FailsNamingTheFileAndLine()
    {
        var error = Assert.Throws<LiteLlmConfigException>(() => Parse("model_list:\n  - model_name: \"a\"\n    litellm_params: [unclosed\n"));

        Assert.StartsWith("config.yaml line ", error.Message);
        Assert.Contains("not valid YAML", error.Message);
    }

    [Theory]
    [InlineData("model_list:\n  model_name: a\n", "config.yaml line 2, column 3: 'model_list' must be a list.")]
    [InlineData("mcp_servers:\n  s:\n    url: \"http://s\"\n    transport: websocket\n", "config.yaml line 4, column 16: 'mcp_servers.s.transport' 'websocket' is not a transport: use sse, http or stdio.")]
    [InlineData("mcp_servers:\n  s:\n    allow_all_keys: maybe\n", "config.yaml line 3, column 21: 'mcp_servers.s.allow_all_keys' must be true or false.")]
    [InlineData("model_list:\n  - litellm_params:\n      model: x\n", "config.yaml line 2, column 5: 'model_list[0]' has no model_name.")]
    public void Parse_KnownKeyOfTheWrongShape_FailsNamingKeyAndLine(string yaml, string message)
    {
        var error = Assert.Throws<LiteLlmConfigException>(() => Parse(yaml));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Parse_EnvironmentReference_ReadsTheVariableAndWarnsWhenUnset()
    {
        var import = Parse("""
            model_list:
              - model_name: "gpt-4o"
                litellm_params:
                  model: "openai/gpt-4o"
                  api_key: "os.environ/OPENAI_API_KEY"
              - model_name: "other"
                litellm_params:
                  model: "openai/gpt-4o-mini"
                  api_key: "os.environ/UNSET_VARIABLE"
            """, new Dictionary<string, string> { ["OPENAI_API_KEY"] = "sk-from-environment" });

        Assert.Equal("sk-from-environment", import.Settings["Gateway:Models:gpt-4o:ApiKey"]);
        Assert.False(import.Settings.ContainsKey("Gateway:Models:other:ApiKey"));
        Assert.Contains("UNSET_VARIABLE, which is not set", Assert.Single(import.Warnings));
    }

    [Fact]
    public void Parse_MasterKey_LongIsTheAdminKey_ShortIsRefusedWithAWarning()
    {
        var strong = Parse("general_settings:\n  master_key: \"sk-0123456789abcdef0123456789abcdef\"\n");
        var weak = Parse("general_settings:\n  master_key: \"sk-1234\"\n");

        Assert.Equal("sk-0123456789abcdef0123456789abcdef", strong.Settings["Gateway:Admin:MasterKey"]);
        Assert.Empty(weak.Settings);
        var warning = Assert.Single(weak.Warnings);
        Assert.Contains("general_settings.master_key", warning);
        Assert.DoesNotContain("sk-1234", warning);
    }

    [Fact]
    public void Parse_KeyListedOnlyInServersApiKeys_IsImportedWithThoseServers()
    {
        var import = Parse("""
            mcp_servers:
              a:
                url: "http://a/mcp"
                api_keys: ["only-here-key-0123456789"]
              b:
                url: "http://b/mcp"
                api_keys: ["only-here-key-0123456789"]
            """);

        Assert.Equal("only-here-key-0123456789", import.Settings["Gateway:Keys:a-key-1:Key"]);
        Assert.Equal("a", import.Settings["Gateway:Keys:a-key-1:Servers:0"]);
        Assert.Equal("b", import.Settings["Gateway:Keys:a-key-1:Servers:1"]);
        Assert.DoesNotContain(import.Settings.Keys, key => key.StartsWith("Gateway:Keys:b-key", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_AliasOfAnUnknownServer_WarnsAndIsIgnored()
    {
        var import = Parse("mcp_aliases:\n  db: \"nowhere\"\n");

        Assert.Empty(import.Settings);
        Assert.Contains("'nowhere', which is not under mcp_servers", Assert.Single(import.Warnings));
    }

    [Fact]
    public void Parse_EmptyFile_ImportsNothingWithAWarning()
    {
        var import = Parse(string.Empty);

        Assert.Empty(import.Settings);
        Assert.Contains("empty", Assert.Single(import.Warnings));
    }

    [Fact]
    public void Load_MissingFile_FailsNamingIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.yaml");

        var error = Assert.Throws<LiteLlmConfigException>(() => LiteLlmConfigFile.Load(path));

        Assert.StartsWith(path, error.Message);
    }
}
