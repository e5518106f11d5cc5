using System.Text;
using System.Text.Json;
using YamlDotNet.Serialization;

namespace McpPlatform.AppHost.Publishing;

/// <summary>
/// The compose tree of the LAN deployment, from the AppHost's manifest: one directory per service, each with
/// its <c>docker-compose.yml</c> and an <c>.env.example</c> listing its variables, on the external network
/// <c>mcp-net</c>. The gateway is <c>projects/gateway</c>, a connector <c>mcp-x</c> is <c>projects/mcp/x</c>,
/// any other container <c>projects/&lt;name&gt;</c>.
/// </summary>
internal static class ComposeTree
{
    public const string NetworkName = "mcp-net";

    private static readonly ISerializer Yaml = new SerializerBuilder().WithIndentedSequences().WithQuotingNecessaryStrings().DisableAliases().Build();

    /// <summary>Builds every file of the tree, keyed by its path relative to <paramref name="outputDirectory"/>.</summary>
    public static SortedDictionary<string, string> Build(JsonElement manifest, string manifestDirectory, string outputDirectory, string repositoryRoot)
    {
        var resources = manifest.GetProperty("resources");
        var expressions = new ManifestExpressions(resources);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);

        foreach (var resource in resources.EnumerateObject())
        {
            var type = resource.Value.GetProperty("type").GetString();
            if (type is not ("project.v0" or "container.v0"))
            {
                continue;
            }

            var folder = FolderFor(resource.Name, type);
            var used = new List<ManifestExpressions.Variable>();
            var service = new Dictionary<string, object>();
            if (type == "project.v0")
            {
                var project = Path.GetFullPath(Path.Combine(manifestDirectory, resource.Value.GetProperty("path").GetString()!));
                var projectDirectory = Path.GetRelativePath(repositoryRoot, Path.GetDirectoryName(project)!).Replace('\\', '/');
                var image = ManifestExpressions.VariableName(resource.Name) + "_IMAGE";
                service["image"] = $"${{{image}:-mcpplatform/{resource.Name}:latest}}";
                service["build"] = new Dictionary<string, object>
                {
                    ["context"] = Path.GetRelativePath(Path.Combine(outputDirectory, folder), repositoryRoot).Replace('\\', '/'),
                    ["dockerfile"] = $"{projectDirectory}/Dockerfile",
                };
            }
            else
            {
                service["image"] = resource.Value.GetProperty("image").GetString()!;
            }

            if (resource.Value.TryGetProperty("args", out var args))
            {
                service["command"] = args.EnumerateArray().Select(arg => expressions.Resolve(arg.GetString()!, used)!).ToList();
            }

            service["restart"] = "unless-stopped";
            var environment = expressions.Environment(resource.Value, used).Select(entry => $"{entry.Name}={entry.Value}").ToList();
            var gateway = resource.Name == ComposeGatewayConfig.GatewayResource;
            if (gateway)
            {
                environment.AddRange(ComposeGatewayConfig.Environment());
            }

            service["environment"] = environment;
            if (Ports(resource, expressions) is { Count: > 0 } ports)
            {
                service["ports"] = ports;
            }

            var volumes = Volumes(resource.Value);
            var mounts = volumes.Select(volume => $"{volume.Name}:{volume.Target}")
                .Concat(BindMounts(resource.Value, manifestDirectory, Path.Combine(outputDirectory, folder)))
                .Concat(gateway ? new[] { ComposeGatewayConfig.Mount() } : [])
                .ToList();
            if (mounts.Count > 0)
            {
                service["volumes"] = mounts;
            }

            if (HealthCheck(type, service["image"].ToString()!) is { } healthCheck)
            {
                service["healthcheck"] = healthCheck;
            }

            service["networks"] = new List<string> { NetworkName };

            var compose = new Dictionary<string, object>
            {
                ["services"] = new Dictionary<string, object> { [resource.Name] = service },
                ["networks"] = new Dictionary<string, object> { [NetworkName] = new Dictionary<string, object> { ["external"] = true } },
            };
            if (volumes.Count > 0)
            {
                compose["volumes"] = volumes.ToDictionary(volume => volume.Name, _ => (object)new Dictionary<string, object>());
            }

            files[$"{folder}/docker-compose.yml"] = Header(resource.Name, folder) + Yaml.Serialize(compose);
            files[$"{folder}/.env.example"] = EnvExample(resource.Name, type, used);
        }

        files["create-network.sh"] = $"""
            #!/usr/bin/env sh
            # Creates the Docker network every McpPlatform compose project joins (once per server).
            docker network inspect {NetworkName} >/dev/null 2>&1 || docker network create {NetworkName}

            """;
        return files;
    }

    /// <summary>Where a resource's compose project lives in the tree.</summary>
    public static string FolderFor(string name, string? type) =>
        type == "project.v0" && name.StartsWith("mcp-", StringComparison.Ordinal)
            ? $"projects/mcp/{name["mcp-".Length..]}"
            : $"projects/{name}";

    private static List<string> Ports(JsonProperty resource, ManifestExpressions expressions)
    {
        var ports = new List<string>();
        if (!resource.Value.TryGetProperty("bindings", out var bindings))
        {
            return ports;
        }

        foreach (var binding in bindings.EnumerateObject())
        {
            var external = binding.Value.TryGetProperty("external", out var e) && e.GetBoolean();
            if (!external || binding.Name == "https")
            {
                continue;
            }

            var target = expressions.TargetPort(resource.Name, binding.Name);
            var host = binding.Value.TryGetProperty("port", out var p) ? p.GetInt32() : target;
            ports.Add($"${{{ManifestExpressions.VariableName(resource.Name)}_PORT:-{host}}}:{target}");
        }

        return ports;
    }

    private static List<(string Name, string Target)> Volumes(JsonElement resource) =>
        resource.TryGetProperty("volumes", out var volumes)
            ? [.. volumes.EnumerateArray().Select(volume => (volume.GetProperty("name").GetString()!, volume.GetProperty("target").GetString()!))]
            : [];

    /// <summary>Files of the repository the container reads, mounted from where the tree sits in the repository.</summary>
    private static IEnumerable<string> BindMounts(JsonElement resource, string manifestDirectory, string composeDirectory)
    {
        if (!resource.TryGetProperty("bindMounts", out var mounts))
        {
            yield break;
        }

        foreach (var mount in mounts.EnumerateArray())
        {
            var source = Path.GetFullPath(Path.Combine(manifestDirectory, mount.GetProperty("source").GetString()!));
            var relative = Path.GetRelativePath(composeDirectory, source).Replace('\\', '/');
            var readOnly = mount.TryGetProperty("readOnly", out var r) && r.GetBoolean();
            yield return $"{relative}:{mount.GetProperty("target").GetString()}{(readOnly ? ":ro" : string.Empty)}";
        }
    }

    private static Dictionary<string, object>? HealthCheck(string? type, string image)
    {
        List<string>? test = type == "project.v0"
            ? ["CMD", "curl", "-fsS", $"http://localhost:{ManifestExpressions.ProjectContainerPort}/health"]
            : image.Contains("postgres", StringComparison.Ordinal) ? ["CMD-SHELL", "pg_isready -U postgres -h localhost"] : null;
        return test is null
            ? null
            : new Dictionary<string, object> { ["test"] = test, ["interval"] = "30s", ["timeout"] = "5s", ["retries"] = 3, ["start_period"] = "20s" };
    }

    private static string Header(string name, string folder) => $"""
        # {name}: generated by `dotnet run --project McpPlatform.AppHost -- --publisher compose --output-path <dir>`
        # from the AppHost's application model. Do not edit: change the AppHost and publish again.
        # Before the first `docker compose up -d` here: copy .env.example to .env and fill it in, and run
        # ../{(folder.Count(c => c == '/') == 2 ? "../" : string.Empty)}create-network.sh once per server.

        """;

    private static string EnvExample(string name, string? type, List<ManifestExpressions.Variable> used)
    {
        var text = new StringBuilder();
        text.Append("# Variables of ").Append(name).Append(": copy to .env (same directory) and fill in. Never commit .env.\n");
        if (type == "project.v0")
        {
            var variable = ManifestExpressions.VariableName(name);
            text.Append("# Image to run (default: built from this repository by `docker compose build`).\n");
            text.Append('#').Append(variable).Append("_IMAGE=mcpplatform/").Append(name).Append(":latest\n");
        }

        foreach (var variable in used.OrderBy(v => v.Name, StringComparer.Ordinal))
        {
            text.Append('\n');
            text.Append(variable.Secret
                ? $"# Secret (AppHost parameter '{variable.Parameter}'): a long random value, e.g. `openssl rand -hex 24`.\n"
                : $"# AppHost parameter '{variable.Parameter}'.\n");
            text.Append(variable.Name).Append('=').Append(variable.Default ?? string.Empty).Append('\n');
        }

        return text.ToString();
    }
}
