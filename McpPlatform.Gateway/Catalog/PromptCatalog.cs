using McpPlatform.Gateway.Routing;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Catalog;

/// <summary>The prompts of a scope's servers that its key may see (<see cref="Auth.PromptResourceRules"/>), named like tools.</summary>
public sealed class PromptCatalog(NamespacedCatalog catalog)
{
    private static readonly NamespacedCatalog.Kind<Prompt> Prompts = new(
        "prompts",
        upstream => upstream.Lists.Prompts,
        prompt => prompt.Name,
        (scope, server, prompt) => scope.Key.MayUse(server) && scope.Key.PromptsAndResources.MayUsePrompt(server, prompt.Name),
        FindWhileDown: false);

    public Task<IReadOnlyList<CatalogEntry<Prompt>>> ListAsync(GatewayScope scope, CancellationToken cancellationToken) =>
        catalog.ListAsync(scope, Prompts, cancellationToken);

    public Task<CatalogEntry<Prompt>?> FindAsync(GatewayScope scope, string name, CancellationToken cancellationToken) =>
        catalog.FindAsync(scope, Prompts, name, cancellationToken);
}
