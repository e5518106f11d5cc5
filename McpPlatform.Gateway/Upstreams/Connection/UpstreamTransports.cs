using McpPlatform.Gateway.Configuration;
using ModelContextProtocol.Client;

namespace McpPlatform.Gateway.Upstreams;

/// <summary>
/// The gateway's upstream transports: <c>stdio</c> (a process, started with a minimal environment: see
/// <see cref="StdioEnvironment"/>), <c>sse</c> (legacy HTTP+SSE) and <c>http</c> (streamable HTTP), the last two through the
/// named HttpClient <see cref="HttpClientName"/> (service discovery, never a client's headers).
/// </summary>
public sealed class UpstreamTransports(IHttpClientFactory httpClientFactory, ILoggerFactory loggerFactory) : IUpstreamTransports
{
    /// <summary>The named HttpClient upstream requests go through (service discovery, no gateway credentials).</summary>
    public const string HttpClientName = "mcp-upstream";

    public IClientTransport Create(string server, UpstreamServerOptions options) => options.Transport.ToLowerInvariant() switch
    {
        "stdio" => new StdioClientTransport(
            new StdioClientTransportOptions
            {
                Name = server,
                Command = options.Command!,
                Arguments = options.Args,
                InheritEnvironmentVariables = false,
                EnvironmentVariables = StdioEnvironment.For(options.Env),
                WorkingDirectory = options.WorkingDirectory,
            },
            loggerFactory),
        var mode => new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = options.Url!,
                Name = server,
                TransportMode = mode == "sse" ? HttpTransportMode.Sse : HttpTransportMode.StreamableHttp,
                AdditionalHeaders = options.Headers,
            },
            httpClientFactory.CreateClient(HttpClientName),
            loggerFactory,
            ownsHttpClient: false),
    };
}
