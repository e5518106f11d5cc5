using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace McpPlatform.Gateway.Configuration.LiteLlm;

/// <summary>
/// Reads a LiteLLM-style <c>config.yaml</c> (<c>Gateway:ConfigFile</c>) into gateway settings: <c>model_list</c>,
/// <c>virtual_keys</c>, <c>mcp_servers</c>, <c>mcp_aliases</c> and <c>general_settings.master_key</c>. Any other key is
/// a warning naming it, never a failure; YAML that does not parse, or a known key of the wrong shape, is a
/// <see cref="LiteLlmConfigException"/> naming the file and line. The mapping: docs/litellm-migration.md.
/// </summary>
public static class LiteLlmConfigFile
{
    /// <summary>Reads and maps the file; <paramref name="environment"/> resolves <c>os.environ/NAME</c> (default: the process environment).</summary>
    public static LiteLlmImport Load(string path, Func<string, string?>? environment = null)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LiteLlmConfigException($"{path}: the LiteLLM config file (Gateway:ConfigFile) cannot be read: {ex.Message}", ex);
        }

        return Parse(text, path, environment ?? Environment.GetEnvironmentVariable);
    }

    /// <summary>Maps YAML text; <paramref name="fileName"/> names it in warnings and errors.</summary>
    public static LiteLlmImport Parse(string yaml, string fileName, Func<string, string?> environment)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new LiteLlmConfigException($"{fileName} line {ex.Start.Line}, column {ex.Start.Column}: not valid YAML: {ex.Message}", ex);
        }

        var reader = new YamlReader(fileName, environment);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            reader.Warnings.Add($"{fileName}: the file is empty: nothing imported.");
            return new LiteLlmImport(reader.Settings, reader.Warnings);
        }

        var root = reader.Mapping(stream.Documents[0].RootNode, "(top level)");
        var sections = reader.Entries(root, "(top level)").ToDictionary(entry => entry.Key, StringComparer.Ordinal);

        List<ImportedServer> servers = sections.TryGetValue("mcp_servers", out var mcpServers)
            ? LiteLlmServers.Map(reader, mcpServers.Value)
            : [];
        if (sections.TryGetValue("model_list", out var models))
        {
            MapModels(reader, models.Value);
        }

        if (sections.TryGetValue("mcp_aliases", out var aliases))
        {
            MapAliases(reader, aliases.Value, servers);
        }

        LiteLlmKeys.Map(reader, sections.TryGetValue("virtual_keys", out var keys) ? keys.Value : null, servers);
        if (sections.TryGetValue("general_settings", out var general))
        {
            MapGeneralSettings(reader, general.Value);
        }

        foreach (var (key, _, keyNode) in sections.Values.Where(section => !KnownSections.Contains(section.Key)))
        {
            reader.Unknown(keyNode, key);
        }

        return new LiteLlmImport(reader.Settings, reader.Warnings);
    }

    private static readonly HashSet<string> KnownSections = new(StringComparer.Ordinal)
    {
        "model_list", "virtual_keys", "mcp_servers", "mcp_aliases", "general_settings",
    };

    /// <summary><c>model_list</c>: each <c>model_name</c> becomes <c>Gateway:Models:&lt;name&gt;</c>, its <c>litellm_params</c> the provider fields.</summary>
    private static void MapModels(YamlReader reader, YamlNode node)
    {
        var index = 0;
        foreach (var entry in reader.Sequence(node, "model_list").Children)
        {
            var at = $"model_list[{index++}]";
            var fields = reader.Entries(entry, at).ToList();
            var nameField = fields.FirstOrDefault(field => field.Key == "model_name");
            if (nameField.Value is null)
            {
                throw reader.Error(entry, at, "has no model_name.");
            }

            var name = reader.Scalar(nameField.Value, $"{at}.model_name");
            if (name.Contains(':', StringComparison.Ordinal))
            {
                // ':' separates configuration paths: such an id cannot be a Gateway:Models key.
                reader.Warn(nameField.Value, $"{at}.model_name", $"'{name}' contains ':', which model ids cannot hold here: model ignored.");
                continue;
            }

            var path = $"{GatewayOptions.SectionName}:Models:{name}";
            reader.Set($"{path}:OwnedBy", new ModelOptions().OwnedBy);
            foreach (var (key, value, keyNode) in fields.Where(field => field.Key != "model_name"))
            {
                if (key != "litellm_params")
                {
                    reader.Unknown(keyNode, $"{at}.{key}");
                    continue;
                }

                foreach (var (param, paramValue, paramNode) in reader.Entries(value, $"{at}.litellm_params"))
                {
                    var setting = param switch
                    {
                        "model" => nameof(ModelOptions.Model),
                        "api_base" => nameof(ModelOptions.ApiBase),
                        "api_key" => nameof(ModelOptions.ApiKey),
                        "mock_response" => nameof(ModelOptions.MockResponse),
                        _ => null,
                    };
                    if (setting is null)
                    {
                        reader.Unknown(paramNode, $"{at}.litellm_params.{param}");
                    }
                    else if (reader.Secret(paramValue, $"{at}.litellm_params.{param}") is { } resolved)
                    {
                        reader.Set($"{path}:{setting}", resolved);
                    }
                }
            }
        }
    }

    /// <summary><c>mcp_aliases</c>: <c>alias: server</c> adds the alias to the server's <c>Aliases</c>.</summary>
    private static void MapAliases(YamlReader reader, YamlNode node, IReadOnlyList<ImportedServer> servers)
    {
        foreach (var (alias, target, aliasNode) in reader.Entries(node, "mcp_aliases"))
        {
            var serverName = reader.Scalar(target, $"mcp_aliases.{alias}");
            if (servers.FirstOrDefault(server => server.Name == serverName) is not { } server)
            {
                reader.Warn(aliasNode, $"mcp_aliases.{alias}", $"names '{serverName}', which is not under mcp_servers: ignored.");
                continue;
            }

            reader.Set($"{GatewayOptions.SectionName}:Servers:{server.Name}:Aliases:{server.AliasCount++}", alias);
        }
    }

    /// <summary><c>general_settings</c>: only <c>master_key</c> (the admin API's key) means something here.</summary>
    private static void MapGeneralSettings(YamlReader reader, YamlNode node)
    {
        foreach (var (key, value, keyNode) in reader.Entries(node, "general_settings"))
        {
            if (key != "master_key")
            {
                reader.Unknown(keyNode, $"general_settings.{key}");
                continue;
            }

            if (reader.Secret(value, "general_settings.master_key") is not { } masterKey)
            {
                continue;
            }

            if (masterKey.Length < Admin.AdminOptions.MinimumMasterKeyLength || masterKey.Any(char.IsWhiteSpace))
            {
                // Fail closed: the master key guards every key; a short one (LiteLLM's sample sk-1234) would be guessable.
                reader.Warn(keyNode, "general_settings.master_key", $"is shorter than {Admin.AdminOptions.MinimumMasterKeyLength} characters or holds spaces: not used, the admin API stays off unless Gateway:Admin:MasterKey is set.");
                continue;
            }

            reader.Set(Admin.AdminOptions.SectionName + ":MasterKey", masterKey);
        }
    }
}
