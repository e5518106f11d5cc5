using System.Text.Json.Nodes;
using McpPlatform.Gateway.Access;
using McpPlatform.Gateway.Auth;
using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Keys;
using McpPlatform.Gateway.Storage;
using McpPlatform.Gateway.Upstreams;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Apis;

/// <summary>What the admin key handlers share: the stores, the access explainer, configuration keys, the clock.</summary>
public sealed class AdminKeyServices(
    VirtualKeyRepository repository,
    VirtualKeyCache cache,
    GatewayDatabase database,
    ApiKeyStore keyStore,
    AccessExplainer explainer,
    ServerDirectory directory,
    IOptions<GatewayOptions> options,
    TimeProvider time)
{
    public VirtualKeyRepository Repository => repository;

    public GatewayDatabase Database => database;

    public ApiKeyStore KeyStore => keyStore;

    public AccessExplainer Explainer => explainer;

    public IOptions<GatewayOptions> Options => options;

    public AdminKeyView View(VirtualKey key) => AdminKeyView.Of(key, time.GetUtcNow());

    /// <summary>
    /// After a write, this process's copy of the keys is reloaded before the answer goes out: a key just created, changed,
    /// rotated or revoked acts at once on this gateway (the others follow by notification, within milliseconds).
    /// </summary>
    public async Task ReloadKeysAsync(CancellationToken cancellationToken) => cache.Publish(await repository.LoadSnapshotAsync(cancellationToken));

    /// <summary>
    /// Creates a virtual key from an admin request body (<see cref="KeySpecReader"/>: the admin API's JSON, the admin page's
    /// form): the new key's view with the key itself (shown once) and its warnings, or the errors that refused the body.
    /// </summary>
    public async Task<(AdminKeyView? Created, IReadOnlyList<string> Errors)> CreateAsync(JsonObject body, CancellationToken cancellationToken)
    {
        var (spec, errors) = KeySpecReader.Apply(new VirtualKeySpec { Name = string.Empty }, body);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var created = await repository.CreateAsync(spec, cancellationToken);
        await ReloadKeysAsync(cancellationToken);
        return (View(created.Key) with { Key = created.Secret, Warnings = await WarningsAsync(created.Key, cancellationToken) }, []);
    }

    /// <summary>The configuration key a <c>config:&lt;name&gt;</c> id names; null for any other id.</summary>
    public (string Name, ApiKeyOptions Key)? Configured(string id) =>
        id.StartsWith(AdminKeyView.ConfigurationIdPrefix, StringComparison.Ordinal)
        && options.Value.Keys.TryGetValue(id[AdminKeyView.ConfigurationIdPrefix.Length..], out var key)
            ? (id[AdminKeyView.ConfigurationIdPrefix.Length..], key)
            : null;

    /// <summary>After a create or update: servers that are not configured, a key that is not active, a key that gets no tool.</summary>
    public async Task<IReadOnlyList<string>> WarningsAsync(VirtualKey key, CancellationToken cancellationToken)
    {
        var warnings = key.Spec.Servers
            .Where(server => server != "*" && !directory.TryResolve(server, out _))
            .Select(server => $"servers: '{server}' is not a configured server; it grants nothing until one has that name or alias.")
            .Concat(StatusWarnings(key))
            .ToList();
        warnings.AddRange((await explainer.ExplainAsync(keyStore.Compile(key), grantedOnly: true, cancellationToken)).Warnings);
        return warnings;
    }

    public IEnumerable<string> StatusWarnings(VirtualKey key) =>
        key.StatusAt(time.GetUtcNow()) is var status && status == VirtualKeyStatus.Active
            ? []
            : [$"The key is {status.ToString().ToLowerInvariant()}: every request with it is refused, whatever its rules."];
}
