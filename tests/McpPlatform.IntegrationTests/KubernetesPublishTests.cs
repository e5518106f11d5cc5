using YamlDotNet.RepresentationModel;

namespace McpPlatform.IntegrationTests;

/// <summary>Kubernetes manifests from the same model: committed, parseable, secrets by reference only.</summary>
public sealed class KubernetesPublishTests
{
    private static readonly string Committed = Path.Combine(RepositoryPaths.Root, "deploy", "kubernetes");

    [Fact]
    public Task PublishKubernetes_FromAppHost_MatchesTheCommittedFiles() =>
        PublishedTree.AssertMatchesCommittedAsync("kubernetes", Committed);

    [Fact]
    public void Manifests_EveryServiceHasDeploymentAndService_EnvValuesAreStrings_SecretsByReference()
    {
        var secretKeys = Documents(Path.Combine(Committed, "secrets.example.yaml")).Single()["stringData"].AllNodes.OfType<YamlMappingNode>()
            .SelectMany(node => node.Children.Keys).Select(key => key.ToString()).ToHashSet(StringComparer.Ordinal);

        foreach (var service in (string[])["gateway", "mcp-postgres", "postgres"])
        {
            var documents = Documents(Path.Combine(Committed, $"{service}.yaml"));
            var kinds = documents.Select(document => document["kind"].ToString()).ToList();
            Assert.Contains("Deployment", kinds);
            Assert.Contains("Service", kinds);

            var env = documents.Single(document => document["kind"].ToString() == "Deployment")
                .AllNodes.OfType<YamlMappingNode>()
                .Where(node => node.Children.ContainsKey("name") && (node.Children.ContainsKey("value") || node.Children.ContainsKey("valueFrom")))
                .ToList();
            Assert.NotEmpty(env);
            foreach (var entry in env.Where(entry => entry.Children.ContainsKey("value")))
            {
                var value = (YamlScalarNode)entry["value"];
                Assert.False(value.Style == YamlDotNet.Core.ScalarStyle.Plain && value.Value is "true" or "false", $"{service}: {entry["name"]} must be a string");
                Assert.DoesNotMatch(@"(?i)password=(?!\$\()", value.Value!);
            }

            foreach (var key in env.Where(entry => entry.Children.ContainsKey("valueFrom")).Select(entry => entry["name"].ToString()))
            {
                Assert.Contains(key, secretKeys);
            }
        }
    }

    [Fact]
    public void Manifests_NeverTrustForwardedHeadersFromAnyone()
    {
        // ASP.NET Core's switch believes X-Forwarded-For from every sender: a client could claim to be 127.0.0.1.
        Assert.All(Directory.GetFiles(Committed), file => Assert.DoesNotContain("FORWARDEDHEADERS_ENABLED", File.ReadAllText(file)));
    }

    [Fact]
    public void Manifests_ConnectorSecret_ReachesConnectorAndGatewayFromTheSecret()
    {
        var secret = Documents(Path.Combine(Committed, "secrets.example.yaml")).Single()["stringData"];
        var connector = File.ReadAllText(Path.Combine(Committed, "mcp-postgres.yaml"));
        var gateway = File.ReadAllText(Path.Combine(Committed, "gateway.yaml"));

        Assert.Equal(string.Empty, ((YamlMappingNode)secret)["MCP_POSTGRES_SECRET"].ToString());
        Assert.Matches(@"- name: Connector__Secret\s+value: \$\(MCP_POSTGRES_SECRET\)", connector);
        Assert.Matches(@"- name: Gateway__Servers__postgres_main__Headers__Authorization\s+value: Bearer \$\(MCP_POSTGRES_SECRET\)", gateway);
        foreach (var manifest in (string[])[connector, gateway])
        {
            Assert.Matches(@"- name: MCP_POSTGRES_SECRET\s+valueFrom:\s+secretKeyRef:\s+name: mcpplatform-secrets\s+key: MCP_POSTGRES_SECRET", manifest);
        }
    }

    [Fact]
    public void Manifests_GatewayDatabaseAndMasterKey_ComeFromTheSecret_InitScriptInTheConfigMap()
    {
        var secret = (YamlMappingNode)Documents(Path.Combine(Committed, "secrets.example.yaml")).Single()["stringData"];
        var gateway = File.ReadAllText(Path.Combine(Committed, "gateway.yaml"));
        var postgres = File.ReadAllText(Path.Combine(Committed, "postgres.yaml"));

        Assert.Equal(string.Empty, secret["GATEWAYDB_PASSWORD"].ToString());
        Assert.Equal(string.Empty, secret["GATEWAY_MASTER_KEY"].ToString());
        Assert.Matches(@"- name: ConnectionStrings__gatewaydb\s+value: Host=postgres;Port=5432;Username=mcp_gateway;Password=\$\(GATEWAYDB_PASSWORD\);Database=gatewaydb", gateway);
        Assert.Matches(@"- name: Gateway__Admin__MasterKey\s+value: \$\(GATEWAY_MASTER_KEY\)", gateway);
        Assert.Matches(@"- name: GATEWAY_DB_PASSWORD\s+value: \$\(GATEWAYDB_PASSWORD\)", postgres);
        Assert.Contains("20-mcp-gateway.sh:", postgres);
        Assert.DoesNotContain("GATEWAY", File.ReadAllText(Path.Combine(Committed, "mcp-postgres.yaml")));
    }

    private static List<YamlMappingNode> Documents(string path)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(path));
        stream.Load(reader);
        return [.. stream.Documents.Select(document => (YamlMappingNode)document.RootNode)];
    }
}
