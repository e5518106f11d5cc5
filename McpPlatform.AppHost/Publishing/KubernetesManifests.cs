using System.Text.Json;
using YamlDotNet.Serialization;

namespace McpPlatform.AppHost.Publishing;

/// <summary>
/// Kubernetes manifests from the same manifest as the compose tree: per service a Deployment and a Service
/// (plus a PersistentVolumeClaim for volumes and a ConfigMap for mounted files), and an example Secret holding
/// every variable. Env values reference the Secret's keys through <c>$(NAME)</c>.
/// </summary>
internal static class KubernetesManifests
{
    public const string SecretName = "mcpplatform-secrets";

    private static readonly ISerializer Yaml = new SerializerBuilder().WithIndentedSequences().WithQuotingNecessaryStrings().DisableAliases().Build();

    public static SortedDictionary<string, string> Build(JsonElement manifest, string manifestDirectory)
    {
        var resources = manifest.GetProperty("resources");
        var expressions = new ManifestExpressions(resources, ManifestExpressions.Syntax.Kubernetes);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var allVariables = new SortedDictionary<string, ManifestExpressions.Variable>(StringComparer.Ordinal);

        foreach (var resource in resources.EnumerateObject())
        {
            var type = resource.Value.GetProperty("type").GetString();
            if (type is not ("project.v0" or "container.v0"))
            {
                continue;
            }

            var name = resource.Name;
            var used = new List<ManifestExpressions.Variable>();
            var environment = new List<object>();
            var values = expressions.Environment(resource.Value, used)
                .Select(entry => (object)new Dictionary<string, object> { ["name"] = entry.Name, ["value"] = entry.Value })
                .ToList();

            // Secret-backed entries first: Kubernetes expands $(NAME) only from entries defined earlier.
            foreach (var variable in used.OrderBy(v => v.Name, StringComparer.Ordinal))
            {
                allVariables[variable.Name] = variable;
                environment.Add(new Dictionary<string, object>
                {
                    ["name"] = variable.Name,
                    ["valueFrom"] = new Dictionary<string, object> { ["secretKeyRef"] = new Dictionary<string, object> { ["name"] = SecretName, ["key"] = variable.Name } },
                });
            }

            environment.AddRange(values);
            var port = PrimaryPort(resource, expressions);
            var container = new Dictionary<string, object>
            {
                ["name"] = name,
                ["image"] = type == "project.v0" ? $"mcpplatform/{name}:latest" : resource.Value.GetProperty("image").GetString()!,
                ["ports"] = new List<object> { new Dictionary<string, object> { ["containerPort"] = port } },
                ["env"] = environment,
            };
            if (resource.Value.TryGetProperty("args", out var args))
            {
                container["args"] = args.EnumerateArray().Select(arg => arg.GetString()!).ToList();
            }

            if (type == "project.v0")
            {
                container["readinessProbe"] = Probe("/health", port);
                container["livenessProbe"] = Probe("/alive", port);
            }

            var documents = new List<object>();
            var podVolumes = new List<object>();
            var mounts = new List<object>();
            if (resource.Value.TryGetProperty("volumes", out var volumes))
            {
                foreach (var volume in volumes.EnumerateArray())
                {
                    var claim = volume.GetProperty("name").GetString()!;
                    documents.Add(Claim(claim));
                    podVolumes.Add(new Dictionary<string, object> { ["name"] = "data", ["persistentVolumeClaim"] = new Dictionary<string, object> { ["claimName"] = claim } });
                    mounts.Add(new Dictionary<string, object> { ["name"] = "data", ["mountPath"] = volume.GetProperty("target").GetString()! });
                }
            }

            if (resource.Value.TryGetProperty("bindMounts", out var bindMounts))
            {
                var index = 0;
                foreach (var mount in bindMounts.EnumerateArray())
                {
                    var configMap = $"{name}-files-{index++}";
                    var source = Path.GetFullPath(Path.Combine(manifestDirectory, mount.GetProperty("source").GetString()!));
                    documents.Add(ConfigMap(configMap, source));
                    podVolumes.Add(new Dictionary<string, object> { ["name"] = configMap, ["configMap"] = new Dictionary<string, object> { ["name"] = configMap, ["defaultMode"] = 493 } });
                    mounts.Add(new Dictionary<string, object> { ["name"] = configMap, ["mountPath"] = mount.GetProperty("target").GetString()!, ["readOnly"] = true });
                }
            }

            if (mounts.Count > 0)
            {
                container["volumeMounts"] = mounts;
            }

            var labels = new Dictionary<string, object> { ["app.kubernetes.io/name"] = name, ["app.kubernetes.io/part-of"] = "mcpplatform" };
            var podSpec = new Dictionary<string, object> { ["containers"] = new List<object> { container } };
            if (podVolumes.Count > 0)
            {
                podSpec["volumes"] = podVolumes;
            }

            documents.Insert(0, new Dictionary<string, object>
            {
                ["apiVersion"] = "apps/v1",
                ["kind"] = "Deployment",
                ["metadata"] = new Dictionary<string, object> { ["name"] = name, ["labels"] = labels },
                ["spec"] = new Dictionary<string, object>
                {
                    ["replicas"] = 1,
                    ["selector"] = new Dictionary<string, object> { ["matchLabels"] = new Dictionary<string, object> { ["app.kubernetes.io/name"] = name } },
                    ["template"] = new Dictionary<string, object> { ["metadata"] = new Dictionary<string, object> { ["labels"] = labels }, ["spec"] = podSpec },
                },
            });
            documents.Insert(1, Service(name, port, External(resource)));

            files[$"{name}.yaml"] = $"# {name}: generated from the AppHost's model (--publisher kubernetes). Do not edit.\n"
                + string.Join("---\n", documents.Select(Yaml.Serialize));
        }

        files["secrets.example.yaml"] = "# Fill in, rename to secrets.yaml, `kubectl apply -f` it, and never commit it.\n" + Yaml.Serialize(new Dictionary<string, object>
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new Dictionary<string, object> { ["name"] = SecretName },
            ["type"] = "Opaque",
            ["stringData"] = allVariables.ToDictionary(pair => pair.Key, pair => (object)(pair.Value.Default ?? string.Empty)),
        });
        return files;
    }

    private static int PrimaryPort(JsonProperty resource, ManifestExpressions expressions)
    {
        var binding = resource.Value.TryGetProperty("bindings", out var bindings)
            ? bindings.EnumerateObject().Select(b => b.Name).FirstOrDefault(b => b != "https") ?? "http"
            : "http";
        return expressions.TargetPort(resource.Name, binding);
    }

    private static bool External(JsonProperty resource) =>
        resource.Value.TryGetProperty("bindings", out var bindings)
        && bindings.EnumerateObject().Any(b => b.Value.TryGetProperty("external", out var e) && e.GetBoolean());

    private static Dictionary<string, object> Probe(string path, int port) => new()
    {
        ["httpGet"] = new Dictionary<string, object> { ["path"] = path, ["port"] = port },
        ["periodSeconds"] = 10,
    };

    private static Dictionary<string, object> Service(string name, int port, bool external) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = new Dictionary<string, object> { ["name"] = name },
        ["spec"] = new Dictionary<string, object>
        {
            // The gateway's MCP sessions live in one replica's memory: clients stay on the replica they started on.
            ["type"] = external ? "LoadBalancer" : "ClusterIP",
            ["sessionAffinity"] = external ? "ClientIP" : "None",
            ["selector"] = new Dictionary<string, object> { ["app.kubernetes.io/name"] = name },
            ["ports"] = new List<object> { new Dictionary<string, object> { ["name"] = "main", ["port"] = port, ["targetPort"] = port } },
        },
    };

    private static Dictionary<string, object> Claim(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "PersistentVolumeClaim",
        ["metadata"] = new Dictionary<string, object> { ["name"] = name },
        ["spec"] = new Dictionary<string, object>
        {
            ["accessModes"] = new List<object> { "ReadWriteOnce" },
            ["resources"] = new Dictionary<string, object> { ["requests"] = new Dictionary<string, object> { ["storage"] = "10Gi" } },
        },
    };

    private static Dictionary<string, object> ConfigMap(string name, string sourceDirectory) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new Dictionary<string, object> { ["name"] = name },
        ["data"] = Directory.GetFiles(sourceDirectory).Order(StringComparer.Ordinal)
            .ToDictionary(file => Path.GetFileName(file), file => (object)File.ReadAllText(file).ReplaceLineEndings("\n")),
    };
}
