namespace McpPlatform.Gateway.Tests.LiteLlm;

/// <summary>The LiteLLM config of the current plan (issue 15), exactly as the migrating user brings it.</summary>
internal static class LiteLlmSample
{
    public const string Yaml = """
        model_list:
          - model_name: "gpt-4o-mock"
            litellm_params:
              model: "mock-response"
              api_key: "mock-key"
        virtual_keys:
          - api_key: "lan-user-key"
            models: ["gpt-4o-mock"]
            user: "lan-user"
        mcp_aliases:
          db: "postgres_main"
        mcp_servers:
          postgres_main:
            url: "http://mcp-postgres:8686"
            transport: "sse"
            api_keys: ["lan-user-key"]
        """;
}
