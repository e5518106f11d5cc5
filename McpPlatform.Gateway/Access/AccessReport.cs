namespace McpPlatform.Gateway.Access;

/// <summary>
/// What a key gets, server by server, and for everything it does not get the rule that hides it: the body of
/// <c>GET /v1/access</c> and <c>GET /v1/admin/keys/{id}/access</c>.
/// </summary>
/// <param name="Key">The key's id (<c>vk_…</c>) or configuration name.</param>
/// <param name="ToolCount">Tools the key gets now, on every server together.</param>
/// <param name="Servers">Every server (the key's own view: only the servers granted to it), by name.</param>
/// <param name="Warnings">What an admin should know, e.g. that the key gets no tool at all.</param>
public sealed record AccessReport(string Key, int ToolCount, IReadOnlyList<ServerAccess> Servers, IReadOnlyList<string> Warnings);

/// <summary>One server as a key sees it.</summary>
/// <param name="Server">Canonical name.</param>
/// <param name="Status"><c>up</c>, <c>down</c>, <c>slow</c>, <c>unknown</c> (never contacted yet) or <c>disabled</c>.</param>
/// <param name="Granted">Whether the key's <c>servers</c> name it (or <c>*</c>).</param>
/// <param name="Hidden">Why nothing of the server is visible (<c>server not granted</c>, <c>server disabled</c>, <c>server down</c>); null when it is in reach.</param>
/// <param name="Tools">Its tools: granted names and hidden ones with their rule.</param>
/// <param name="Prompts">Its prompts, likewise.</param>
/// <param name="Resources">Its resources (URIs) and resource templates (template text), likewise.</param>
public sealed record ServerAccess(string Server, string Status, bool Granted, string? Hidden, ItemAccess Tools, ItemAccess Prompts, ItemAccess Resources);

/// <summary>Items of one kind on one server: what the key gets, and what it does not with the rule that hides each.</summary>
public sealed record ItemAccess(IReadOnlyList<string> Granted, IReadOnlyList<HiddenItem> Hidden)
{
    public static ItemAccess None { get; } = new([], []);
}

/// <summary>An item the key does not get, as the upstream names it, and the rule that hides it.</summary>
/// <param name="Name">Tool or prompt name, resource URI or template text.</param>
/// <param name="Rule">
/// <c>server not granted</c>, <c>server disabled</c>, <c>server down</c>, <c>deny pattern &lt;server/pattern&gt;</c>,
/// <c>not in allow list</c>, <c>read-only: tool not annotated readOnlyHint</c>, or for a resource
/// <c>a template the key may not see could also answer it</c>.
/// </param>
public sealed record HiddenItem(string Name, string Rule);
