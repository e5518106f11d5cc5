using System.Text.RegularExpressions;
using McpPlatform.Gateway.Auth;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Configuration;

/// <summary>Refuses, at start, a configuration the gateway cannot serve safely; each message names the setting.</summary>
internal sealed partial class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    private const int MinimumKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var errors = new List<string>();
        const string root = GatewayOptions.SectionName;

        if (!SeparatorPattern().IsMatch(options.ToolNameSeparator))
        {
            errors.Add($"{root}:ToolNameSeparator '{options.ToolNameSeparator}' must be 1-3 characters from A-Z a-z 0-9 _ - (the characters clients accept in tool names).");
        }

        if (options.ToolListTtl <= TimeSpan.Zero)
        {
            errors.Add($"{root}:ToolListTtl must be positive.");
        }

        if (options.ClientInputTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{root}:ClientInputTimeout must be positive.");
        }

        if (options.HealthCheckInterval < TimeSpan.FromMilliseconds(100))
        {
            errors.Add($"{root}:HealthCheckInterval must be at least 00:00:00.1.");
        }

        if (options.ListDeadline <= TimeSpan.Zero)
        {
            errors.Add($"{root}:ListDeadline must be positive.");
        }

        if (options.PublicUrl is { } publicUrl
            && (!publicUrl.IsAbsoluteUri || publicUrl.Scheme is not ("http" or "https") || publicUrl.Query.Length > 0 || publicUrl.Fragment.Length > 0 || publicUrl.UserInfo.Length > 0))
        {
            errors.Add($"{root}:PublicUrl must be an absolute http(s) URL without query, fragment or user, e.g. https://mcp.example.lan.");
        }

        var breaker = options.CircuitBreaker;
        if (breaker.FailuresToOpen < 2)
        {
            errors.Add($"{root}:CircuitBreaker:FailuresToOpen must be at least 2.");
        }

        if (breaker.SamplingDuration < TimeSpan.FromMilliseconds(500) || breaker.MaxBreakDuration < TimeSpan.FromMilliseconds(500))
        {
            errors.Add($"{root}:CircuitBreaker:SamplingDuration and MaxBreakDuration must be at least 00:00:00.5.");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (serverName, server) in options.Servers)
        {
            var path = $"{root}:Servers:{serverName}";
            if (!NamePattern().IsMatch(serverName))
            {
                errors.Add($"{path}: server names must be 1-48 characters from A-Z a-z 0-9 _ -.");
            }

            if (!names.Add(serverName))
            {
                errors.Add($"{path}: the name is used twice (names and aliases are compared ignoring case).");
            }

            if (ReservedNames.Contains(serverName))
            {
                errors.Add($"{path}: '{serverName}' is reserved (the legacy SSE routes /mcp/sse and /mcp/message, the REST API /v1).");
            }

            switch (server.Transport.ToLowerInvariant())
            {
                case "http" or "sse":
                    if (server.Url is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
                    {
                        errors.Add($"{path}:Url must be an absolute http(s) URL, e.g. http://mcp-postgres/mcp.");
                    }

                    break;
                case "stdio":
                    if (string.IsNullOrWhiteSpace(server.Command))
                    {
                        errors.Add($"{path}:Command is required for a stdio server, e.g. npx.");
                    }

                    break;
                default:
                    errors.Add($"{path}:Transport '{server.Transport}' is not supported: use http, sse or stdio.");
                    break;
            }

            foreach (var header in server.ForwardHeaders)
            {
                if (ForwardedHeaderRules.Refusal(header) is { } why)
                {
                    errors.Add($"{path}:ForwardHeaders: '{header}' {why}.");
                }
            }

            if (server.RequestTimeout <= TimeSpan.Zero)
            {
                errors.Add($"{path}:RequestTimeout must be positive.");
            }

            if (server.ProtocolVersion is not null && !ProtocolVersionPattern().IsMatch(server.ProtocolVersion))
            {
                errors.Add($"{path}:ProtocolVersion '{server.ProtocolVersion}' must be an MCP revision date such as 2025-11-25.");
            }

            foreach (var alias in server.Aliases)
            {
                if (!NamePattern().IsMatch(alias))
                {
                    errors.Add($"{path}:Aliases: '{alias}' must be 1-48 characters from A-Z a-z 0-9 _ -.");
                }
                else if (ReservedNames.Contains(alias))
                {
                    errors.Add($"{path}:Aliases: '{alias}' is reserved (the legacy SSE routes, the REST API /v1).");
                }
                else if (!names.Add(alias))
                {
                    errors.Add($"{path}:Aliases: '{alias}' is already the name or alias of a server.");
                }
            }
        }

        var hashes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (keyName, key) in options.Keys)
        {
            var path = $"{root}:Keys:{keyName}";
            if (keyName.StartsWith(Keys.KeySecret.IdStart, StringComparison.OrdinalIgnoreCase))
            {
                // Virtual keys are known by their id (vk_...) in sessions, limits, audit entries, traces and metrics: a key name must not pass for one.
                errors.Add($"{path}: key names starting with '{Keys.KeySecret.IdStart}' are reserved for virtual keys.");
            }

            var hasKey = !string.IsNullOrEmpty(key.Key);
            var hasHash = !string.IsNullOrEmpty(key.KeySha256);
            if (hasKey == hasHash)
            {
                errors.Add($"{path}: set exactly one of Key and KeySha256.");
                continue;
            }

            if (hasKey && key.Key!.Length < MinimumKeyLength && !key.Imported)
            {
                // An imported LiteLLM key may be short: LiteLLM allowed it; the import warns at start (StartupWarnings).
                errors.Add($"{path}:Key is shorter than {MinimumKeyLength} characters.");
            }

            if (hasHash && !Sha256HexPattern().IsMatch(key.KeySha256!))
            {
                errors.Add($"{path}:KeySha256 must be 64 hexadecimal digits.");
            }

            if (!hashes.Add(hasKey ? KeyHasher.Sha256Hex(key.Key!) : key.KeySha256!))
            {
                errors.Add($"{path}: the same key is configured twice.");
            }

            if (keyName == AnonymousAccessOptions.KeyName)
            {
                errors.Add($"{path}: the name '{keyName}' is reserved for anonymous access.");
            }

            foreach (var model in key.Models.Where(model => !options.Models.ContainsKey(model)))
            {
                errors.Add($"{path}:Models: '{model}' is not a configured model (Gateway:Models).");
            }

            ValidateAccess(path, key, names, errors);
        }

        ValidateAccess($"{root}:Anonymous", options.Anonymous, names, errors);
        errors.AddRange(Limits.LimitOptionsValidation.Errors(options));

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The servers and the tool, prompt and resource patterns of a key or of anonymous access must name configured servers.</summary>
    private static void ValidateAccess(string path, AccessOptions access, HashSet<string> names, List<string> errors)
    {
        foreach (var server in access.Servers.Where(server => server != "*" && !names.Contains(server)))
        {
            errors.Add($"{path}:Servers: '{server}' is not a configured server name or alias.");
        }

        const string ToolShape = "server/tool (server: name, alias or *; tool: name, prefix* or *)";
        const string PromptShape = "server/prompt (server: name, alias or *; prompt: name, prefix* or *)";
        const string ResourceShape = "server/uri (server: name, alias or *; uri: a resource URI or URI template as the server lists it, prefix* or *)";
        foreach (var (list, patterns, shape) in new[]
        {
            ("Tools", access.Tools, ToolShape), ("DenyTools", access.DenyTools, ToolShape),
            ("Prompts", access.Prompts, PromptShape), ("DenyPrompts", access.DenyPrompts, PromptShape),
            ("Resources", access.Resources, ResourceShape), ("DenyResources", access.DenyResources, ResourceShape),
        })
        {
            foreach (var pattern in patterns)
            {
                if (ToolPatternParts(pattern) is not var (server, item))
                {
                    errors.Add($"{path}:{list}: '{pattern}' must be {shape}.");
                }
                else if (server != "*" && !names.Contains(server))
                {
                    errors.Add($"{path}:{list}: '{pattern}' names no configured server or alias.");
                }
                else if (shape != ToolShape && item.IndexOf('*', StringComparison.Ordinal) is var star && star >= 0 && star != item.Length - 1)
                {
                    // A * inside would be taken literally: an allow rule would grant nothing and a deny rule, worse, would deny nothing.
                    errors.Add($"{path}:{list}: '{pattern}' has a * before its end; * only ends a prefix.");
                }
            }
        }
    }

    private static readonly HashSet<string> ReservedNames = new(StringComparer.OrdinalIgnoreCase) { "sse", "message", "v1" };

    private static (string Server, string Tool)? ToolPatternParts(string pattern) => ToolPattern.Split(pattern);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,3}$")]
    private static partial Regex SeparatorPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,48}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    private static partial Regex ProtocolVersionPattern();

    [GeneratedRegex("^[0-9A-Fa-f]{64}$")]
    private static partial Regex Sha256HexPattern();
}
