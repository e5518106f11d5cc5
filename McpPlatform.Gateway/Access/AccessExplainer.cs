using McpPlatform.Gateway.Auth;
using McpPlatform.Gateway.Catalog;
using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Upstreams;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Access;

/// <summary>
/// Explains a key's access (<see cref="AccessReport"/>): every item of every server, granted or hidden and by which rule.
/// It decides with the same checks the catalogs use (<see cref="GatewayKey.MayUse(string, Tool)"/>,
/// <see cref="PromptResourceRules"/>, <see cref="ResourceView"/>) and only then looks for the rule to name, so the
/// explanation cannot disagree with what the key really gets. Lists come from the upstreams' caches (a server never
/// listed yet is asked, side by side, for at most the list deadline; a down server shows its last listing).
/// </summary>
public sealed class AccessExplainer(ServerDirectory directory, UpstreamPool upstreams, IOptions<GatewayOptions> options)
{
    /// <summary>The report for <paramref name="key"/>; <paramref name="grantedOnly"/> leaves out the servers it may not use (the key's own view).</summary>
    public async Task<AccessReport> ExplainAsync(GatewayKey key, bool grantedOnly, CancellationToken cancellationToken)
    {
        var names = directory.Servers.Keys.Where(server => !grantedOnly || key.MayUse(server)).Order(StringComparer.Ordinal).ToList();
        var servers = await Task.WhenAll(names.Select(server => ExplainServerAsync(key, server, cancellationToken)));
        var toolCount = servers.Sum(server => server.Tools.Granted.Count);
        List<string> warnings = toolCount > 0
            ? []
            : [servers.Any(server => server.Granted)
                ? "The key gets no tool: its rules hide every tool of its servers, or its servers are down (see servers[].tools.hidden)."
                : "The key gets no tool: no configured server is granted to it (servers)."];
        return new AccessReport(key.Name, toolCount, servers, warnings);
    }

    private async Task<ServerAccess> ExplainServerAsync(GatewayKey key, string server, CancellationToken cancellationToken)
    {
        var granted = key.MayUse(server);
        if (!directory.Servers[server].Enabled || upstreams.Get(server) is not { } upstream)
        {
            return new ServerAccess(server, "disabled", granted, "server disabled", ItemAccess.None, ItemAccess.None, ItemAccess.None);
        }

        var status = upstream.Status().Status;
        var whole = !granted ? "server not granted" : upstream.Health.IsDown ? "server down" : null;
        var tools = ItemsAsync(upstream, upstream.Lists.Tools, cancellationToken);
        var prompts = ItemsAsync(upstream, upstream.Lists.Prompts, cancellationToken);
        var resources = ItemsAsync(upstream, upstream.Lists.Resources, cancellationToken);
        var templates = ItemsAsync(upstream, upstream.Lists.ResourceTemplates, cancellationToken);
        return new ServerAccess(
            server,
            status,
            granted,
            whole,
            Split(await tools, tool => tool.Name, whole, tool => key.MayUse(server, tool) ? null : ToolRule(key, server, tool)),
            Split(await prompts, prompt => prompt.Name, whole, prompt => key.PromptsAndResources.MayUsePrompt(server, prompt.Name) ? null : PromptRule(key.PromptsAndResources, server, prompt.Name)),
            ResourceAccess(key.PromptsAndResources, server, await resources, await templates, whole));
    }

    private async Task<IReadOnlyList<T>> ItemsAsync<T>(Upstream upstream, ListCache<T> list, CancellationToken cancellationToken) =>
        upstream.Health.IsDown
            ? list.Current?.Items ?? []
            : (await list.GetAsync(options.Value.ListDeadline, cancellationToken))?.Items ?? [];

    private static ItemAccess Split<T>(IReadOnlyList<T> items, Func<T, string> nameOf, string? whole, Func<T, string?> hiddenBy)
    {
        var granted = new List<string>();
        var hidden = new List<HiddenItem>();
        foreach (var item in items)
        {
            if ((whole ?? hiddenBy(item)) is { } rule)
            {
                hidden.Add(new HiddenItem(nameOf(item), rule));
            }
            else
            {
                granted.Add(nameOf(item));
            }
        }

        return new ItemAccess(granted, hidden);
    }

    private static string ToolRule(GatewayKey key, string server, Tool tool) =>
        key.ServerTools.TryGetValue(server, out var serverRules) && !serverRules.Offers(tool.Name) ? serverRules.Reason(tool.Name)
        : key.DeniedTools.FirstOrDefault(pattern => pattern.Matches(server, tool.Name)) is { } deny ? $"deny pattern {deny.Server}/{deny.Tool}"
        : key.AllowedTools.Count > 0 && !key.AllowedTools.Any(pattern => pattern.Matches(server, tool.Name)) ? "not in allow list (tools)"
        : "read-only: tool not annotated readOnlyHint";

    private static string PromptRule(PromptResourceRules rules, string server, string prompt) =>
        rules.PromptDeniedBy(server, prompt) is { } deny ? $"deny pattern {deny.Server}/{deny.Tool}" : NotAllowed("prompts");

    private static ItemAccess ResourceAccess(PromptResourceRules rules, string server, IReadOnlyList<Resource> resources, IReadOnlyList<ResourceTemplate> templates, string? whole)
    {
        var view = new ResourceView(rules, [new ServerResources(server, resources, templates)]);
        var visible = view.Resources.Select(entry => entry.Resource.Uri).Concat(view.Templates.Select(entry => entry.Template.UriTemplate)).ToHashSet(StringComparer.Ordinal);
        var names = resources.Select(resource => resource.Uri).Concat(templates.Select(template => template.UriTemplate)).ToList();
        return Split(names, name => name, whole, name => visible.Contains(name) ? null
            : rules.ResourceDeniedBy(server, name) is { } deny ? $"deny pattern {deny.Server}/{deny.Tool}"
            : !rules.AllowsResource(server, name) ? NotAllowed("resources")
            : "a template the key may not see could also answer it");
    }

    private static string NotAllowed(string list) =>
        $"not in allow list ({list}): the key narrows tools, prompts or resources, so only the {list} its allow list names are visible";
}
