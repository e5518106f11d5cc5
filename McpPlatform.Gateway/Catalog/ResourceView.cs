using McpPlatform.Gateway.Auth;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Catalog;

/// <summary>
/// The resources and templates of a scope's servers as one key sees them, and the server a URI it names goes to.
/// A template is visible when the key's rules name its text. A URI, listed or not, is visible when no deny rule
/// matches it and either the rules name it or a visible template of its server covers it while no hidden one could
/// also answer it there (the upstream might pick the hidden one). A URI that is not listed goes to the server of a
/// visible template that covers it. Hidden and unknown are the same: null, or left out.
/// </summary>
internal sealed class ResourceView
{
    private readonly PromptResourceRules rules;
    private readonly List<ServerTemplates> servers = [];

    public ResourceView(PromptResourceRules rules, IEnumerable<ServerResources> sources)
    {
        this.rules = rules;
        var resources = new List<(string, Resource)>();
        var templates = new List<(string, ResourceTemplate)>();
        foreach (var source in sources)
        {
            var visible = new List<ResourceTemplate>();
            var hidden = new List<ResourceTemplate>();
            foreach (var template in source.Templates)
            {
                (rules.AllowsResource(source.Server, template.UriTemplate) && !rules.DeniesResource(source.Server, template.UriTemplate) ? visible : hidden).Add(template);
            }

            var server = new ServerTemplates(source.Server, visible, hidden);
            servers.Add(server);
            templates.AddRange(visible.Select(template => (source.Server, template)));
            resources.AddRange(source.Resources
                .Where(resource => !rules.DeniesResource(source.Server, resource.Uri)
                    && (rules.AllowsResource(source.Server, resource.Uri) || CoveringPrefix(server, resource.Uri) is not null))
                .Select(resource => (source.Server, resource)));
        }

        Resources = resources;
        Templates = templates;
    }

    /// <summary>The resources the key sees, with their servers, in scope order.</summary>
    public IReadOnlyList<(string Server, Resource Resource)> Resources { get; }

    /// <summary>The templates the key sees, with their servers, in scope order.</summary>
    public IReadOnlyList<(string Server, ResourceTemplate Template)> Templates { get; }

    /// <summary>The server to read (or subscribe to) a URI on: the first that lists it visibly, else the server of the visible template with the longest literal beginning that covers it.</summary>
    public string? ServerOf(string uri)
    {
        if (Resources.FirstOrDefault(entry => string.Equals(entry.Resource.Uri, uri, StringComparison.Ordinal)) is { Server: not null } listed)
        {
            return listed.Server;
        }

        return servers
            .Where(server => !rules.DeniesResource(server.Server, uri))
            .Select(server => (server.Server, Prefix: CoveringPrefix(server, uri)))
            .Where(candidate => candidate.Prefix is not null)
            .OrderByDescending(candidate => candidate.Prefix) // stable: scope order among equals
            .Select(candidate => candidate.Server)
            .FirstOrDefault();
    }

    /// <summary>The server of a visible template, by its exact text (what <c>completion/complete</c> names).</summary>
    public string? ServerOfTemplate(string uriTemplate) =>
        Templates.FirstOrDefault(entry => string.Equals(entry.Template.UriTemplate, uriTemplate, StringComparison.Ordinal)).Server;

    /// <summary>
    /// The longest literal beginning of the server's visible templates that cover the URI; null when none does, or when
    /// a hidden template could also answer it.
    /// </summary>
    private static int? CoveringPrefix(ServerTemplates server, string uri)
    {
        var covering = server.Visible.Where(template => UriTemplatePattern.Covers(template.UriTemplate, uri, StringComparison.Ordinal)).ToList();
        return covering.Count == 0 || server.Hidden.Any(template => MightAnswer(template, uri))
            ? null
            : covering.Max(template => UriTemplatePattern.LiteralPrefix(template.UriTemplate).Length);
    }

    /// <summary>
    /// Whether a template could answer the URI however its server reads it: ignoring case, and also percent-decoded.
    /// Over-approximates on purpose; it only ever refuses.
    /// </summary>
    private static bool MightAnswer(ResourceTemplate template, string uri) =>
        UriTemplatePattern.Covers(template.UriTemplate, uri, StringComparison.OrdinalIgnoreCase)
        || UriTemplatePattern.Covers(template.UriTemplate, Uri.UnescapeDataString(uri), StringComparison.OrdinalIgnoreCase);

    /// <summary>A server's templates split by whether the key may see them.</summary>
    private sealed record ServerTemplates(string Server, List<ResourceTemplate> Visible, List<ResourceTemplate> Hidden);
}
