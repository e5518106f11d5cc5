using YamlDotNet.RepresentationModel;

namespace McpPlatform.Gateway.Configuration.LiteLlm;

/// <summary>
/// <c>mcp_servers</c>: each entry becomes <c>Gateway:Servers:&lt;name&gt;</c> with LiteLLM's documented fields mapped
/// (url, transport, command/args/env, allowed_tools, disallowed_tools, static_headers, auth_type/auth_value,
/// description, allow_all_keys); <c>api_keys</c> and <c>mcp_access_groups</c> are left to <see cref="LiteLlmKeys"/>.
/// </summary>
internal static class LiteLlmServers
{
    public static List<ImportedServer> Map(YamlReader reader, YamlNode node)
    {
        var servers = new List<ImportedServer>();
        foreach (var (name, value, nameNode) in reader.Entries(node, "mcp_servers"))
        {
            if (name.Contains(':', StringComparison.Ordinal))
            {
                throw reader.Error(nameNode, $"mcp_servers.{name}", "is not a usable server name: use A-Z a-z 0-9 _ -.");
            }

            var server = new ImportedServer(name);
            servers.Add(server);
            MapServer(reader, server, value);
        }

        return servers;
    }

    private static void MapServer(YamlReader reader, ImportedServer server, YamlNode node)
    {
        var at = $"mcp_servers.{server.Name}";
        var path = $"{GatewayOptions.SectionName}:Servers:{server.Name}";
        var fields = reader.Entries(node, at).ToList();
        string? url = null;
        string? transport = null;
        string? authType = null;
        string? authValue = null;
        var hasCommand = false;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value, keyNode) in fields)
        {
            var field = $"{at}.{key}";
            switch (key)
            {
                case "url":
                    url = reader.Scalar(value, field);
                    reader.Set($"{path}:Url", url);
                    break;
                case "transport":
                    transport = Transport(reader, value, field);
                    break;
                case "command":
                    hasCommand = true;
                    reader.Set($"{path}:Command", reader.Scalar(value, field));
                    break;
                case "args":
                    reader.SetList($"{path}:Args", reader.Strings(value, field));
                    break;
                case "env":
                    foreach (var (variable, setting) in reader.StringMap(value, field))
                    {
                        reader.Set($"{path}:Env:{variable}", setting);
                    }

                    break;
                case "allowed_tools":
                    reader.SetList($"{path}:AllowedTools", reader.Strings(value, field));
                    break;
                case "disallowed_tools":
                    reader.SetList($"{path}:DisallowedTools", reader.Strings(value, field));
                    break;
                case "static_headers":
                    foreach (var (header, headerValue) in reader.StringMap(value, field))
                    {
                        headers[header] = headerValue;
                    }

                    break;
                case "extra_headers":
                    // The client headers passed on with tool calls; the gateway's own credentials never are (refused at start).
                    reader.SetList($"{path}:ForwardHeaders", reader.Strings(value, field));
                    break;
                case "auth_type":
                    authType = reader.Scalar(value, field);
                    break;
                case "auth_value":
                    authValue = reader.Secret(value, field);
                    break;
                case "description":
                    reader.Set($"{path}:Description", reader.Scalar(value, field));
                    break;
                case "allow_all_keys":
                    reader.Set($"{path}:AllowAllKeys", reader.Boolean(value, field) ? "true" : "false");
                    break;
                case "mcp_access_groups" or "access_groups":
                    server.AccessGroups.AddRange(reader.Strings(value, field));
                    break;
                case "api_keys":
                    IEnumerable<YamlNode> items = value is YamlSequenceNode list ? list.Children : [value];
                    foreach (var item in items)
                    {
                        if (reader.Secret(item, field) is { } apiKey)
                        {
                            server.ApiKeys.Add((apiKey, item));
                        }
                    }

                    break;
                default:
                    reader.Unknown(keyNode, field);
                    break;
            }
        }

        AddAuthHeader(reader, node, at, authType, authValue, headers);
        foreach (var (header, value) in headers)
        {
            reader.Set($"{path}:Headers:{header}", value);
        }

        // LiteLLM's transport when none is given: stdio for a command; otherwise sse for a URL ending in /sse, else http.
        transport ??= hasCommand ? "stdio"
            : url is not null && url.TrimEnd('/').EndsWith("/sse", StringComparison.OrdinalIgnoreCase) ? "sse"
            : "http";
        reader.Set($"{path}:Transport", transport);
    }

    private static string Transport(YamlReader reader, YamlNode value, string field) =>
        reader.Scalar(value, field).ToLowerInvariant() switch
        {
            "sse" => "sse",
            "http" or "streamable_http" or "streamable-http" or "streamablehttp" => "http",
            "stdio" => "stdio",
            var other => throw reader.Error(value, field, $"'{other}' is not a transport: use sse, http or stdio."),
        };

    /// <summary>LiteLLM's <c>auth_type</c> + <c>auth_value</c>: the header it sends upstream.</summary>
    private static void AddAuthHeader(YamlReader reader, YamlNode node, string at, string? authType, string? authValue, Dictionary<string, string> headers)
    {
        if (authType is null || authValue is null)
        {
            if (authType is not null && authType != "none")
            {
                reader.Warn(node, $"{at}.auth_type", "has no auth_value: no credential sent upstream.");
            }

            return;
        }

        switch (authType)
        {
            case "bearer_token":
                headers["Authorization"] = $"Bearer {authValue}";
                break;
            case "basic":
                headers["Authorization"] = $"Basic {authValue}";
                break;
            case "authorization":
                headers["Authorization"] = authValue;
                break;
            case "api_key":
                headers["X-API-Key"] = authValue;
                break;
            case "none":
                break;
            default:
                reader.Warn(node, $"{at}.auth_type", $"'{authType}' is not supported (bearer_token, basic, authorization, api_key): no credential sent upstream.");
                break;
        }
    }
}
