namespace McpPlatform.Gateway.Upstreams;

/// <summary>
/// The client headers an upstream request passes on (<see cref="Configuration.UpstreamServerOptions.ForwardHeaders"/>):
/// set around one tool call's send, in its flow, and read by <see cref="ForwardedHeadersHandler"/> on the upstream
/// HttpClient — so they reach exactly that call's HTTP request, never another client's on the shared session.
/// </summary>
internal static class ForwardedHeaders
{
    private static readonly AsyncLocal<IReadOnlyList<KeyValuePair<string, string>>?> Current = new();

    /// <summary>The headers of the request in this flow that may go upstream, or null.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>>? Value => Current.Value;

    /// <summary>
    /// A copy of the headers of <paramref name="request"/> that some server may get (<paramref name="names"/>: every
    /// server's <c>ForwardHeaders</c>), taken while the request is alive (its header collection is reused after it ends);
    /// null when there are none.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>>? Capture(IReadOnlyCollection<string> names, IHeaderDictionary request)
    {
        List<KeyValuePair<string, string>>? headers = null;
        foreach (var name in names)
        {
            if (request.TryGetValue(name, out var values) && values.Count == 1 && values[0] is { } value)
            {
                (headers ??= []).Add(new(name, value));
            }
        }

        return headers;
    }

    /// <summary>
    /// Passes the captured client headers this server may get (<paramref name="names"/>) to the upstream requests made
    /// until the scope is disposed; nothing when none are named or present.
    /// </summary>
    public static Scope Use(IReadOnlyList<string> names, IReadOnlyList<KeyValuePair<string, string>>? captured)
    {
        if (names.Count == 0 || captured is null)
        {
            return default;
        }

        var headers = captured.Where(header => names.Contains(header.Key, StringComparer.OrdinalIgnoreCase)).ToList();
        if (headers.Count == 0)
        {
            return default;
        }

        var previous = Current.Value;
        Current.Value = headers;
        return new Scope(previous, restore: true);
    }

    /// <summary>
    /// No client headers for what runs in this scope: work a call may start that outlives it or serves others (opening
    /// the shared upstream session and its long-lived streams, a background list refresh).
    /// </summary>
    public static Scope Suppress()
    {
        var previous = Current.Value;
        if (previous is null)
        {
            return default;
        }

        Current.Value = null;
        return new Scope(previous, restore: true);
    }

    /// <summary>Ends the passing on (restores what the flow had before).</summary>
    public readonly struct Scope(IReadOnlyList<KeyValuePair<string, string>>? previous, bool restore) : IDisposable
    {
        public void Dispose()
        {
            if (restore)
            {
                Current.Value = previous;
            }
        }
    }
}
