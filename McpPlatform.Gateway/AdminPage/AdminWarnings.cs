using McpPlatform.Gateway.Apis;
using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Keys;

namespace McpPlatform.Gateway.AdminPage;

/// <summary>One thing an admin should know: where it comes from (a key's id, or the configuration) and what it is.</summary>
/// <param name="Source"><c>configuration</c>, or the key's id (<c>vk_…</c>, <c>config:&lt;name&gt;</c>).</param>
/// <param name="Message">The warning.</param>
internal sealed record AdminWarning(string Source, string Message);

/// <summary>
/// The admin page's warnings: what the gateway found at start (<see cref="StartupWarnings"/>: short imported keys,
/// settings it does not understand) and every key in use whose rules leave it no tool, or that names a server that is
/// not configured — the same checks the admin API answers a key's creation with (<see cref="AdminKeyServices.WarningsAsync"/>).
/// </summary>
internal sealed class AdminWarnings(StartupWarnings startup, AdminKeyServices keys, TimeProvider time)
{
    public const string ConfigurationSource = "configuration";

    public async Task<IReadOnlyList<AdminWarning>> AllAsync(CancellationToken cancellationToken)
    {
        var warnings = startup.All.Select(warning => new AdminWarning(ConfigurationSource, warning)).ToList();
        foreach (var (name, options) in keys.Options.Value.Keys.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var report = await keys.Explainer.ExplainAsync(keys.KeyStore.Compile(name, options), grantedOnly: true, cancellationToken);
            warnings.AddRange(report.Warnings.Select(warning => new AdminWarning(AdminKeyView.ConfigurationIdPrefix + name, warning)));
        }

        if (!keys.Database.IsConfigured)
        {
            return warnings;
        }

        // Revoked, disabled and expired keys are refused anyway: what their rules would grant does not matter.
        foreach (var key in await keys.Repository.ListAsync(cancellationToken))
        {
            if (key.StatusAt(time.GetUtcNow()) == VirtualKeyStatus.Active)
            {
                warnings.AddRange((await keys.WarningsAsync(key, cancellationToken)).Select(warning => new AdminWarning(key.Id, warning)));
            }
        }

        return warnings;
    }
}
