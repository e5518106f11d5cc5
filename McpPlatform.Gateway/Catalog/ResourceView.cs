using McpPlatform.Gateway.Auth;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Catalog;

/// <summary>
/// The resources and templates of a scope's servers as one key sees them, and the server a URI it names goes to.
/// A template is visible when the key's rules name its text; a resource when they name its URI or it comes from a
/// visible template, and no deny rule matches it. A URI that is not listed goes to the server of a visible template
/// that covers it, unless the key denies it or a template it may not see could also answer it there.
/// Hidden and unknown are the same: null, or left out.
/// </summary>
internal sealed class ResourceView
{
    private readonly PromptResourceRules rules;
    private readonly List<(ServerResources Source, List<ResourceTemplate> Visible, List<ResourceTemplate> Hidden)> servers = [];

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

            servers.Add((source, visible, hidden));
            templates.AddRange(visible.Select(template => (source.Server, template)));
            resources.AddRange(source.Resources
                .Where(resource => !rules.DeniesResource(source.Server, resource.Uri)
                    && (rules.AllowsResource(source.Server, resource.Uri) || visible.Any(template => UriTemplatePattern.Covers(template.UriTemplate, resource.Uri, StringComparison.Ordinal))))
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
            .Where(server => !rules.DeniesResource(server.Source.Server, uri) && !server.Hidden.Any(template => MightAnswer(template, uri)))
            .SelectMany(server => server.Visible
                .Where(template => UriTemplatePattern.Covers(template.UriTemplate, uri, StringComparison.Ordinal))
                .Select(template => (server.Source.Server, Prefix: UriTemplatePattern.LiteralPrefix(template.UriTemplate).Length)))
            .OrderByDescending(candidate => candidate.Prefix) // stable: scope order among equals
            .Select(candidate => candidate.Server)
            .FirstOrDefault();
    }

    /// <summary>The server of a visible template, by its exact text (what <c>completion/complete</c> names).</summary>
    public string? ServerOfTemplate(string uriTemplate) =>
        Templates.FirstOrDefault(entry => string.Equals(entry.Template.UriTemplate, uriTemplate, StringComparison.Ordinal)).Server;

    /// <summary>
    /// Whether a template could answer the URI however its server reads it: ignoring case, and also percent-decoded.
    /// Over-approximates on purpose; it only ever refuses.
    /// </summary>
    private static bool MightAnswer(ResourceTemplate template, string uri) =>
        UriTemplatePattern.Covers(template.UriTemplate, uri, StringComparison.OrdinalIgnoreCase)
        || UriTemplatePattern.Covers(template.UriTemplate, Uri.UnescapeDataString(uri), StringComparison.OrdinalIgnoreCase);
}
