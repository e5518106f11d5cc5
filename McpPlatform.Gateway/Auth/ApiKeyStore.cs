using System.Security.Cryptography;
using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Upstreams;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Auth;

/// <summary>The configured keys, held only as SHA-256 digests, and what each may use.</summary>
public sealed class ApiKeyStore
{
    private readonly List<(byte[] Digest, GatewayKey Key)> keys = [];
    private readonly Dictionary<string, GatewayKey> keysByName = new(StringComparer.Ordinal);

    public ApiKeyStore(IOptions<GatewayOptions> options, ServerDirectory directory)
    {
        foreach (var (name, configured) in options.Value.Keys)
        {
            var digest = configured.Key is { Length: > 0 } key
                ? KeyHasher.Sha256(key)
                : Convert.FromHexString(configured.KeySha256!);
            var gatewayKey = Grant(name, configured, directory);
            keys.Add((digest, gatewayKey));
            keysByName[name] = gatewayKey;
        }

        var anonymous = options.Value.Anonymous;
        if (anonymous.Servers.Count > 0)
        {
            Anonymous = Grant(AnonymousAccessOptions.KeyName, anonymous, directory);
            AnonymousFromRemote = anonymous.AllowRemote;
            keysByName[Anonymous.Name] = Anonymous;
        }
    }

    /// <summary>What MCP requests without a key may use; null when anonymous access is off (the default).</summary>
    public GatewayKey? Anonymous { get; }

    /// <summary>Whether anonymous requests may come from other machines, not only loopback.</summary>
    public bool AnonymousFromRemote { get; }

    /// <summary>Finds the key a client presented. Every digest is compared in constant time.</summary>
    public GatewayKey? Find(string presentedKey)
    {
        var digest = KeyHasher.Sha256(presentedKey);
        GatewayKey? found = null;
        foreach (var (candidate, key) in keys)
        {
            if (CryptographicOperations.FixedTimeEquals(candidate, digest))
            {
                found = key;
            }
        }

        return found;
    }

    private static GatewayKey Grant(string name, AccessOptions access, ServerDirectory directory)
    {
        var servers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var server in access.Servers)
        {
            if (directory.TryResolve(server, out var canonical))
            {
                servers.Add(canonical);
            }
        }

        return new GatewayKey(name, access.Servers.Contains("*"), servers)
        {
            AllowedTools = Patterns(access.Tools, directory),
            DeniedTools = Patterns(access.DenyTools, directory),
            ReadOnly = access.ReadOnly,
            PromptsAndResources = new PromptResourceRules(
                // Counted from configuration, not from parsed patterns: a key that narrows anything never falls back to everything.
                allowListOnly: new[] { access.Tools, access.DenyTools, access.Prompts, access.DenyPrompts, access.Resources, access.DenyResources }.Any(list => list.Count > 0),
                Patterns(access.Prompts, directory),
                Patterns(access.DenyPrompts, directory),
                Patterns(access.Resources, directory),
                Patterns(access.DenyResources, directory)),
        };
    }

    private static List<ToolPattern> Patterns(IEnumerable<string> patterns, ServerDirectory directory) =>
        [.. patterns.Select(ToolPattern.Split).OfType<(string Server, string Tool)>().Select(pattern =>
            new ToolPattern(pattern.Server == "*" || !directory.TryResolve(pattern.Server, out var canonical) ? pattern.Server : canonical, pattern.Tool))];

    /// <summary>The key with this configured name, for an already authenticated request.</summary>
    public GatewayKey? FindByName(string name) => keysByName.GetValueOrDefault(name);
}
