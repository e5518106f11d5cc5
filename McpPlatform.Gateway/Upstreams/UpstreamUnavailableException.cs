namespace McpPlatform.Gateway.Upstreams;

/// <summary>An upstream server could not be reached or failed mid-request.</summary>
public sealed class UpstreamUnavailableException(string server, Exception inner)
    : Exception($"The upstream server '{server}' is unavailable: {inner.Message}", inner)
{
    /// <summary>The server's canonical name.</summary>
    public string Server { get; } = server;
}
