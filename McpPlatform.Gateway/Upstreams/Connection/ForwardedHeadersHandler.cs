namespace McpPlatform.Gateway.Upstreams;

/// <summary>
/// On the upstream HttpClient: adds the client headers a tool call passes on (<see cref="ForwardedHeaders"/>) to its
/// HTTP request; a header the request already carries (a configured upstream header) is never replaced.
/// </summary>
internal sealed class ForwardedHeadersHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (ForwardedHeaders.Value is { } headers)
        {
            foreach (var (name, value) in headers)
            {
                if (!request.Headers.Contains(name))
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }
            }
        }

        return base.SendAsync(request, cancellationToken);
    }
}
