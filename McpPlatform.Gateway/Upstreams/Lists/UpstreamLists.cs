using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Upstreams;

/// <summary>An upstream's four lists, each a <see cref="ListCache{T}"/>: tools, prompts, resources and resource templates.</summary>
public sealed class UpstreamLists
{
    /// <summary>The upstream notifications that invalidate one of the lists.</summary>
    public static readonly IReadOnlyList<string> ListChangedMethods =
    [
        NotificationMethods.ToolListChangedNotification,
        NotificationMethods.PromptListChangedNotification,
        NotificationMethods.ResourceListChangedNotification,
    ];

    /// <param name="upstream">Whose lists.</param>
    /// <param name="ttl">How long a listing is used before it is refreshed in the background.</param>
    /// <param name="time">The clock.</param>
    /// <param name="changed">Told when a refresh found a list changed although the upstream said nothing (kind, method).</param>
    internal UpstreamLists(Upstream upstream, TimeSpan ttl, TimeProvider time, Action<string> changed)
    {
        void Listed(string kind, bool differs)
        {
            upstream.Health.RecordListed();
            if (differs)
            {
                changed(kind);
            }
        }

        void Missed(string kind) => upstream.Health.RecordListDeadlineMissed(kind);

        Tools = new("tools", upstream.FetchToolsAsync, ttl, time, Listed, Missed);
        Prompts = new("prompts", upstream.FetchPromptsAsync, ttl, time, Listed, Missed);
        Resources = new("resources", upstream.FetchResourcesAsync, ttl, time, Listed, Missed);
        ResourceTemplates = new("resource templates", upstream.FetchResourceTemplatesAsync, ttl, time, Listed, Missed);
    }

    public ListCache<Tool> Tools { get; }

    public ListCache<Prompt> Prompts { get; }

    public ListCache<Resource> Resources { get; }

    public ListCache<ResourceTemplate> ResourceTemplates { get; }

    /// <summary>The notification method that announces a change of the list of this kind.</summary>
    public static string ListChangedMethodOf(string kind) => kind switch
    {
        "tools" => NotificationMethods.ToolListChangedNotification,
        "prompts" => NotificationMethods.PromptListChangedNotification,
        _ => NotificationMethods.ResourceListChangedNotification,
    };

    /// <summary>The upstream said a list changed: it is listed again (resources: both resource lists).</summary>
    internal Task InvalidateAsync(string method) => method switch
    {
        NotificationMethods.ToolListChangedNotification => Tools.Invalidate(),
        NotificationMethods.PromptListChangedNotification => Prompts.Invalidate(),
        _ => Task.WhenAll(Resources.Invalidate(), ResourceTemplates.Invalidate()),
    };

    /// <summary>The upstream's session was replaced: every list is listed again on its next use.</summary>
    internal void MarkStale()
    {
        Tools.MarkStale();
        Prompts.MarkStale();
        Resources.MarkStale();
        ResourceTemplates.MarkStale();
    }
}
