using YamlDotNet.RepresentationModel;

namespace McpPlatform.Gateway.Configuration.LiteLlm;

/// <summary>A server of <c>mcp_servers</c>, with what links keys to it: its <c>api_keys</c> and <c>mcp_access_groups</c>.</summary>
internal sealed class ImportedServer(string name)
{
    public string Name { get; } = name;

    /// <summary>The keys (as written, secret references resolved) that may use the server, each with its node for warnings.</summary>
    public List<(string Key, YamlNode Node)> ApiKeys { get; } = [];

    public List<string> AccessGroups { get; } = [];

    /// <summary>How many aliases were given so far (the next index of <c>Aliases</c>).</summary>
    public int AliasCount { get; set; }
}
