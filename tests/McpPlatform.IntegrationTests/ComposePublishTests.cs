using System.Text.Json;
using System.Text.Json.Nodes;
using McpPlatform.AppHost.Publishing;

namespace McpPlatform.IntegrationTests;

/// <summary>The compose tree for the LAN server: published from the model, valid, committed, and free of secrets.</summary>
public sealed class ComposePublishTests
{
    private static readonly string CommittedTree = Path.Combine(RepositoryPaths.Root, "deploy", "linuxserver");

    [Fact]
    public Task PublishCompose_FromAppHost_MatchesTheCommittedTree() =>
        PublishedTree.AssertMatchesCommittedAsync("compose", CommittedTree);

    [Fact]
    public async Task ComposeFiles_AreValidForDockerCompose()
    {
        var composeFiles = Directory.GetFiles(CommittedTree, "docker-compose.yml", SearchOption.AllDirectories);
        Assert.Equal(3, composeFiles.Length);

        foreach (var file in composeFiles)
        {
            var directory = Path.GetDirectoryName(file)!;
            var variables = File.ReadAllLines(Path.Combine(directory, ".env.example"))
                .Where(line => line.Contains('=') && !line.StartsWith('#'))
                .ToDictionary(line => line[..line.IndexOf('=')], line => "test-value");

            var (exitCode, output) = await ProcessRunner.RunAsync("docker-compose", ["config", "-q"], directory, variables);

            Assert.True(exitCode == 0, $"{file}: {output}");
            Assert.DoesNotContain("WARNING", output); // every variable the file uses is listed in its .env.example
        }
    }

    [Fact]
    public void ComposeTree_HasTheDeploymentsLayoutAndNetwork()
    {
        var files = Files(CommittedTree);

        Assert.Contains("projects/gateway/docker-compose.yml", files.Keys);
        Assert.Contains("projects/mcp/postgres/docker-compose.yml", files.Keys);
        Assert.Contains("projects/postgres/docker-compose.yml", files.Keys);
        Assert.Contains("docker network create mcp-net", files["create-network.sh"]);
        Assert.All(files.Where(file => file.Key.EndsWith("docker-compose.yml", StringComparison.Ordinal)), file =>
        {
            Assert.Contains("external: true", file.Value);
            Assert.Contains("restart: unless-stopped", file.Value);
            Assert.Contains("healthcheck:", file.Value);
        });
        Assert.Contains("${GATEWAY_PORT:-4000}:8080", files["projects/gateway/docker-compose.yml"]);
        Assert.DoesNotContain("ports:", files["projects/mcp/postgres/docker-compose.yml"]);
        Assert.DoesNotContain("ports:", files["projects/postgres/docker-compose.yml"]);
        Assert.Contains("services__mcp-postgres__http__0=http://mcp-postgres:8080", files["projects/gateway/docker-compose.yml"]);
    }

    [Fact]
    public void ComposeGateway_ReadsTheLiteLlmConfigOfItsFolderWhenPresent()
    {
        var gateway = Files(CommittedTree)["projects/gateway/docker-compose.yml"];

        Assert.Contains("- .:/etc/mcpplatform:ro", gateway); // the folder, not the file: a missing file must not become a directory
        Assert.Contains("Gateway__ConfigFile=/etc/mcpplatform/config.yaml", gateway);
        Assert.Contains("Gateway__ConfigFileOptional=true", gateway);
    }

    [Fact]
    public void ComposeTree_HoldsNoSecretValues_OnlyVariables()
    {
        var files = Files(CommittedTree);

        foreach (var (path, content) in files.Where(file => file.Key.EndsWith("docker-compose.yml", StringComparison.Ordinal)))
        {
            foreach (var marker in (string[])["Password=", "PASSWORD=", "__Key=", "__Secret=", "Authorization=Bearer "])
            {
                for (var at = content.IndexOf(marker, StringComparison.Ordinal); at >= 0; at = content.IndexOf(marker, at + 1, StringComparison.Ordinal))
                {
                    Assert.True(content.AsSpan(at + marker.Length).StartsWith("${"), $"{path}: a literal value follows {marker}");
                }
            }
        }

        Assert.All(files.Where(file => file.Key.EndsWith(".env.example", StringComparison.Ordinal)), file =>
            Assert.DoesNotMatch(@"(?m)^[A-Z_]*PASSWORD=\S", file.Value));
    }

    [Fact]
    public void ComposeTree_NeverTrustsForwardedHeadersFromAnyone()
    {
        // ASP.NET Core's switch believes X-Forwarded-For from every sender: a LAN client could claim to be 127.0.0.1.
        Assert.All(Files(CommittedTree), file => Assert.DoesNotContain("FORWARDEDHEADERS_ENABLED", file.Value));
    }

    [Fact]
    public void ComposeTree_ConnectorSecret_ReachesConnectorAndGatewayFromEnv()
    {
        var files = Files(CommittedTree);

        Assert.Contains("- Connector__Secret=${MCP_POSTGRES_SECRET}", files["projects/mcp/postgres/docker-compose.yml"]);
        Assert.Contains("- Gateway__Servers__postgres_main__Headers__Authorization=Bearer ${MCP_POSTGRES_SECRET}", files["projects/gateway/docker-compose.yml"]);
        foreach (var project in (string[])["projects/mcp/postgres", "projects/gateway"])
        {
            Assert.Contains("# Secret (AppHost parameter 'mcp-postgres-secret')", files[$"{project}/.env.example"]);
            Assert.Matches("(?m)^MCP_POSTGRES_SECRET=$", files[$"{project}/.env.example"]);
        }
    }

    [Fact]
    public void ComposeTree_GatewayDatabaseAndMasterKey_ReachOnlyTheServicesThatNeedThemFromEnv()
    {
        var files = Files(CommittedTree);

        Assert.Contains("- ConnectionStrings__gatewaydb=Host=postgres;Port=5432;Username=mcp_gateway;Password=${GATEWAYDB_PASSWORD};Database=gatewaydb", files["projects/gateway/docker-compose.yml"]);
        Assert.Contains("- Gateway__Admin__MasterKey=${GATEWAY_MASTER_KEY}", files["projects/gateway/docker-compose.yml"]);
        Assert.Contains("- GATEWAY_DB_PASSWORD=${GATEWAYDB_PASSWORD}", files["projects/postgres/docker-compose.yml"]);
        foreach (var project in (string[])["projects/postgres", "projects/gateway"])
        {
            Assert.Contains("# Secret (AppHost parameter 'gatewaydb-password')", files[$"{project}/.env.example"]);
            Assert.Matches("(?m)^GATEWAYDB_PASSWORD=$", files[$"{project}/.env.example"]);
        }

        Assert.Contains("# Secret (AppHost parameter 'gateway-master-key')", files["projects/gateway/.env.example"]);
        Assert.Matches("(?m)^GATEWAY_MASTER_KEY=$", files["projects/gateway/.env.example"]);
        // The connector gets neither: the gateway's keys and audit are not its to read, the admin key not its to hold.
        Assert.DoesNotContain("GATEWAY", files["projects/mcp/postgres/docker-compose.yml"]);
        Assert.DoesNotContain("GATEWAY_MASTER_KEY", files["projects/postgres/docker-compose.yml"]);
    }

    [Fact]
    public void ComposeTree_ConnectorAddedToTheModel_GetsItsOwnDirectory()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "aspire-manifest.json")))!;
        var github = manifest["resources"]!["mcp-postgres"]!.DeepClone();
        github["path"] = "McpPlatform.Connectors.GitHub/McpPlatform.Connectors.GitHub.csproj";
        manifest["resources"]!["mcp-github"] = github;

        using var document = JsonDocument.Parse(manifest.ToJsonString());
        var files = ComposeTree.Build(document.RootElement, RepositoryPaths.Root, CommittedTree, RepositoryPaths.Root);

        Assert.Contains("projects/mcp/github/docker-compose.yml", files.Keys);
        Assert.Contains("dockerfile: McpPlatform.Connectors.GitHub/Dockerfile", files["projects/mcp/github/docker-compose.yml"]);
        Assert.Equal(Files(CommittedTree).Count + 2, files.Count);
    }

    private static Dictionary<string, string> Files(string root) => PublishedTree.Files(root);
}
