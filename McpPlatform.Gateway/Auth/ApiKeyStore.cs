using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Keys;
using McpPlatform.Gateway.Upstreams;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Auth;

/// <summary>
/// The keys clients present: the configured ones, held only as SHA-256 digests, and the virtual keys of the gateway
/// database (<see cref="VirtualKeyCache"/>, in memory: no database round trip per request). A virtual key's rules go
/// through the same grant as a configured key's; its <see cref="GatewayKey.Name"/> is its id (<c>vk_…</c>).
/// </summary>
public sealed class ApiKeyStore
{
    private readonly List<(byte[] Digest, GatewayKey Key)> keys = [];
    private readonly Dictionary<string, GatewayKey> keysByName = new(StringComparer.Ordinal);
    private readonly ServerDirectory directory;
    private readonly VirtualKeyCache? virtualKeys;

    // One compiled grant per loaded key: a reload of the table (any change) gives every key a new one.
    private readonly ConditionalWeakTable<VirtualKey, GatewayKey> compiled = new();

    public ApiKeyStore(IOptions<GatewayOptions> options, ServerDirectory directory, VirtualKeyCache? virtualKeys = null)
    {
        this.directory = directory;
        this.virtualKeys = virtualKeys;
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

    /// <summary>
    /// Finds the key a client presented: a configured one (every digest compared in constant time), else an active
    /// virtual key. Null for unknown, revoked, disabled and expired keys alike.
    /// </summary>
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

        return found ?? (virtualKeys?.FindActive(presentedKey) is { } virtualKey ? Compile(virtualKey) : null);
    }

    /// <summary>
    /// A virtual key a client presented that the gateway knows but no longer accepts (revoked, disabled, expired), for
    /// the refusal to be audited with its id and reason; null for any other key. Call only after <see cref="Find"/> found none.
    /// </summary>
    public VirtualKey? FindInactive(string presentedKey, out VirtualKeyStatus status)
    {
        status = VirtualKeyStatus.Active;
        var key = virtualKeys?.Find(presentedKey);
        if (virtualKeys is null || key is null)
        {
            return null;
        }

        status = virtualKeys.StatusOf(key);
        return status == VirtualKeyStatus.Active ? null : key;
    }

    /// <summary>What a virtual key may use, compiled from its rules as a configured key's are.</summary>
    public GatewayKey Compile(VirtualKey key) => compiled.GetValue(key, k => Grant(k.Id, k.ToApiKeyOptions(), directory) with { Version = k.UpdatedAt });

    /// <summary>What a key with these rules (not stored yet) would get: for the access explanation of a create or update.</summary>
    internal GatewayKey Compile(string name, AccessOptions access) => Grant(name, access, directory);

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

        if (access is not AnonymousAccessOptions)
        {
            // LiteLLM's allow_all_keys: every key, configured or virtual; anonymous access is no key.
            servers.UnionWith(directory.Servers.Where(server => server.Value.AllowAllKeys).Select(server => server.Key));
        }

        return new GatewayKey(name, access.Servers.Contains("*"), servers)
        {
            ServerTools = directory.ToolRules,
            Models = access is ApiKeyOptions { Models.Count: > 0 } configured ? configured.Models.ToHashSet(StringComparer.Ordinal) : new HashSet<string>(),
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

    /// <summary>
    /// The key with this configured name or virtual key id, for an already authenticated request; null once a virtual
    /// key is no longer active (fail closed: revoked between authentication and use).
    /// </summary>
    public GatewayKey? FindByName(string name) =>
        keysByName.GetValueOrDefault(name)
        ?? (virtualKeys?.FindActiveById(name) is { } virtualKey ? Compile(virtualKey) : null);
}
