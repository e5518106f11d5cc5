using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace McpPlatform.Gateway.Configuration.LiteLlm;

/// <summary>
/// <c>virtual_keys</c>: each becomes a configured key (<c>Gateway:Keys:&lt;user&gt;</c>) with its <c>models</c> and the
/// servers that name it: in their <c>api_keys</c>, or through a shared <c>mcp_access_groups</c> entry, or by name in the
/// key's own <c>mcp_servers</c> (also under LiteLLM's <c>object_permission</c>). A key found only in a server's
/// <c>api_keys</c> is imported too. A key shorter than the gateway's minimum is accepted with a warning.
/// </summary>
internal static partial class LiteLlmKeys
{
    private const int MinimumKeyLength = 16;

    public static void Map(YamlReader reader, YamlNode? node, IReadOnlyList<ImportedServer> servers)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var imported = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        IEnumerable<YamlNode> entries = node is null ? [] : reader.Sequence(node, "virtual_keys").Children;
        foreach (var entry in entries)
        {
            var at = $"virtual_keys[{index++}]";
            string? apiKey = null;
            string? user = null;
            var models = new List<string>();
            var serverNames = new List<string>();
            var groups = new List<string>();
            foreach (var (key, value, keyNode) in reader.Entries(entry, at))
            {
                var field = $"{at}.{key}";
                switch (key)
                {
                    case "api_key" or "key":
                        apiKey = reader.Secret(value, field);
                        break;
                    case "user" or "user_id" or "key_alias" or "key_name":
                        user ??= reader.Scalar(value, field);
                        break;
                    case "models":
                        models.AddRange(reader.Strings(value, field));
                        break;
                    case "mcp_servers":
                        serverNames.AddRange(reader.Strings(value, field));
                        break;
                    case "mcp_access_groups":
                        groups.AddRange(reader.Strings(value, field));
                        break;
                    case "object_permission":
                        ObjectPermission(reader, value, field, serverNames, groups);
                        break;
                    default:
                        reader.Unknown(keyNode, field);
                        break;
                }
            }

            if (apiKey is null)
            {
                reader.Warn(entry, at, "has no usable api_key: key not imported.");
                continue;
            }

            var granted = servers
                .Where(server => serverNames.Contains(server.Name)
                    || server.ApiKeys.Any(listed => listed.Key == apiKey)
                    || server.AccessGroups.Any(groups.Contains))
                .Select(server => server.Name)
                .ToList();
            foreach (var unknown in serverNames.Where(listed => servers.All(server => server.Name != listed)))
            {
                reader.Warn(entry, $"{at}.mcp_servers", $"names '{unknown}', which is not under mcp_servers: ignored.");
            }

            var name = UniqueName(user ?? $"virtual-key-{index}", names);
            Add(reader, entry, at, name, apiKey, models, granted);
            imported.Add(apiKey);
        }

        // A key written only in a server's api_keys is a key too (LiteLLM's sample does not list every key twice).
        foreach (var server in servers)
        {
            var position = 0;
            foreach (var (apiKey, keyNode) in server.ApiKeys)
            {
                position++;
                if (!imported.Add(apiKey))
                {
                    continue;
                }

                var granted = servers.Where(other => other.ApiKeys.Any(listed => listed.Key == apiKey)).Select(other => other.Name).ToList();
                Add(reader, keyNode, $"mcp_servers.{server.Name}.api_keys[{position - 1}]", UniqueName($"{server.Name}-key-{position}", names), apiKey, [], granted);
            }
        }
    }

    private static void ObjectPermission(YamlReader reader, YamlNode node, string at, List<string> serverNames, List<string> groups)
    {
        foreach (var (key, value, keyNode) in reader.Entries(node, at))
        {
            switch (key)
            {
                case "mcp_servers":
                    serverNames.AddRange(reader.Strings(value, $"{at}.{key}"));
                    break;
                case "mcp_access_groups":
                    groups.AddRange(reader.Strings(value, $"{at}.{key}"));
                    break;
                default:
                    reader.Unknown(keyNode, $"{at}.{key}");
                    break;
            }
        }
    }

    private static void Add(YamlReader reader, YamlNode node, string at, string name, string apiKey, List<string> models, List<string> servers)
    {
        var path = $"{GatewayOptions.SectionName}:Keys:{name}";
        reader.Set($"{path}:Key", apiKey);
        reader.Set($"{path}:Imported", "true");
        reader.SetList($"{path}:Models", models);
        reader.SetList($"{path}:Servers", servers);
        if (apiKey.Length < MinimumKeyLength)
        {
            // The key's name, never the key: warnings are logged and shown on the admin page.
            reader.Warn(node, at, $"(key '{name}') is shorter than {MinimumKeyLength} characters: accepted because it was imported, but easy to guess; replace it with a long random key.");
        }
    }

    /// <summary>A key name the configuration can hold: unsafe characters replaced, never a virtual key's <c>vk_</c> prefix, unique.</summary>
    private static string UniqueName(string wanted, HashSet<string> taken)
    {
        var name = UnsafeCharacters().Replace(wanted, "-");
        if (name.Length == 0 || name.StartsWith(Keys.KeySecret.IdStart, StringComparison.OrdinalIgnoreCase) || name == AnonymousAccessOptions.KeyName)
        {
            name = "litellm-" + name;
        }

        var unique = name;
        for (var suffix = 2; !taken.Add(unique); suffix++)
        {
            unique = $"{name}-{suffix}";
        }

        return unique;
    }

    [GeneratedRegex("[^A-Za-z0-9_.@-]")]
    private static partial Regex UnsafeCharacters();
}
