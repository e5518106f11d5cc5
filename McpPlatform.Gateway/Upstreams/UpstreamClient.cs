using McpPlatform.Gateway.Configuration;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Upstreams;

/// <summary>
/// The gateway's MCP client session with one upstream server: connected on first use, its tool list cached
/// for <see cref="GatewayOptions.ToolListTtl"/>, and dropped after a transport failure so that the next
/// request connects again.
/// </summary>
public sealed class UpstreamClient(
    string name,
    UpstreamServerOptions options,
    TimeSpan toolListTtl,
    HttpClient httpClient,
    ILoggerFactory loggerFactory,
    TimeProvider timeProvider) : IAsyncDisposable
{
    private readonly SemaphoreSlim connectLock = new(1, 1);
    private readonly ILogger logger = loggerFactory.CreateLogger<UpstreamClient>();
    private McpClient? client;
    private (IReadOnlyList<Tool> Tools, DateTimeOffset FetchedAt)? toolCache;

    /// <summary>The server's canonical name.</summary>
    public string Name { get; } = name;

    /// <summary>The upstream's tools, from the cache while it is fresh.</summary>
    public async Task<IReadOnlyList<Tool>> ListToolsAsync(CancellationToken cancellationToken)
    {
        if (toolCache is { } cached && timeProvider.GetUtcNow() - cached.FetchedAt < toolListTtl)
        {
            return cached.Tools;
        }

        var tools = await WithClientAsync(
            async (mcp, ct) => (await mcp.ListToolsAsync(cancellationToken: ct)).Select(tool => tool.ProtocolTool).ToList(),
            cancellationToken);
        toolCache = (tools, timeProvider.GetUtcNow());
        return tools;
    }

    /// <summary>Calls a tool by its upstream name, passing the arguments through untouched.</summary>
    public Task<CallToolResult> CallToolAsync(string tool, IDictionary<string, System.Text.Json.JsonElement>? arguments, CancellationToken cancellationToken) =>
        WithClientAsync(
            (mcp, ct) => mcp.CallToolAsync(new CallToolRequestParams { Name = tool, Arguments = arguments }, ct).AsTask(),
            cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (client is not null)
        {
            await client.DisposeAsync();
        }

        connectLock.Dispose();
    }

    private async Task<T> WithClientAsync<T>(Func<McpClient, CancellationToken, Task<T>> request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        var mcp = await GetClientAsync(timeout.Token);
        try
        {
            return await request(mcp, timeout.Token);
        }
        catch (McpException)
        {
            throw; // The upstream answered with an error: the session is fine.
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Upstream {Server} failed; its session is dropped and reconnects on the next request", Name);
            await ResetAsync(mcp);
            throw new UpstreamUnavailableException(Name, ex);
        }
    }

    private async Task<McpClient> GetClientAsync(CancellationToken cancellationToken)
    {
        if (client is { } existing)
        {
            return existing;
        }

        await connectLock.WaitAsync(cancellationToken);
        try
        {
            if (client is not null)
            {
                return client;
            }

            var transport = new HttpClientTransport(
                new HttpClientTransportOptions { Endpoint = options.Url!, Name = Name, TransportMode = HttpTransportMode.StreamableHttp },
                httpClient,
                loggerFactory,
                ownsHttpClient: false);
            var clientOptions = new McpClientOptions
            {
                ClientInfo = new Implementation { Name = "mcpplatform-gateway", Version = "0.1.0" },
            };
            var connected = await McpClient.CreateAsync(transport, clientOptions, loggerFactory, cancellationToken);
            logger.LogInformation("Connected to upstream {Server} ({ServerName} {ServerVersion})", Name, connected.ServerInfo?.Name, connected.ServerInfo?.Version);
            client = connected;
            return connected;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new UpstreamUnavailableException(Name, ex);
        }
        finally
        {
            connectLock.Release();
        }
    }

    private async Task ResetAsync(McpClient failed)
    {
        if (Interlocked.CompareExchange(ref client, null, failed) == failed)
        {
            toolCache = null;
            await failed.DisposeAsync();
        }
    }
}
