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
    /// Passes the named headers of <paramref name="request"/> (those it has) to the upstream requests made until the
    /// scope is disposed; nothing when none are named or present.
    /// </summary>
    public static Scope Use(IReadOnlyList<string> names, IHeaderDictionary? request)
    {
        if (names.Count == 0 || request is null)
        {
            return default;
        }

        var headers = new List<KeyValuePair<string, string>>(names.Count);
        foreach (var name in names)
        {
            if (request.TryGetValue(name, out var values) && values.Count == 1 && values[0] is { } value)
            {
                headers.Add(new(name, value));
            }
        }

        if (headers.Count == 0)
        {
            return default;
        }

        var previous = Current.Value;
        Current.Value = headers;
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
