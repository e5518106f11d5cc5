using System.Diagnostics;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Upstreams;

/// <summary>
/// The gateway's MCP client session with one upstream: opened (transport and <c>initialize</c>) on first use, replaced
/// after a failure. Reading the open session takes no lock; only opening one does, so that one request opens it and
/// the others wait for that (requests to other servers never do).
/// </summary>
internal sealed class UpstreamConnection(
    string server, Func<IClientTransport> transport, McpClientOptions clientOptions, ILoggerFactory loggerFactory, Action<Exception> ended, Action replaced)
    : IAsyncDisposable
{
    private readonly SemaphoreSlim connectLock = new(1, 1);
    private readonly ILogger logger = loggerFactory.CreateLogger<UpstreamConnection>();
    private McpClient? client;

    /// <summary>What the upstream said it offers, once connected.</summary>
    public ServerCapabilities? ServerCapabilities => Volatile.Read(ref client)?.ServerCapabilities;

    /// <summary>The open session, or a new one (failing with what went wrong: the caller records it).</summary>
    public ValueTask<McpClient> GetAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref client) is { } open && !open.Completion.IsCompleted ? ValueTask.FromResult(open) : new(ConnectAsync(cancellationToken));

    /// <summary>Drops a failed session (once, whoever notices first): the next request opens a new one.</summary>
    public async Task ResetAsync(McpClient failed)
    {
        if (Interlocked.CompareExchange(ref client, null, failed) == failed)
        {
            replaced();
            await failed.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref client, null) is { } open)
        {
            await open.DisposeAsync();
        }

        connectLock.Dispose();
    }

    private async Task<McpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        await connectLock.WaitAsync(cancellationToken);
        try
        {
            if (Volatile.Read(ref client) is { } current)
            {
                if (!current.Completion.IsCompleted)
                {
                    return current;
                }

                // The session ended by itself (the process died, the server closed it): that is a failure (its tools
                // leave the lists), then a new session is opened.
                var end = await current.Completion;
                logger.LogWarning(end.Exception, "Upstream {Server} ended the gateway's session; connecting again", server);
                ended(end.Exception ?? new IOException("The upstream ended the session."));
                await ResetAsync(current);
            }

            // The session outlives the request that happens to open it: its initialize and its long-lived streams (an HTTP
            // upstream's GET stream, started from here) are no part of that request's trace. Requests sent on it later
            // are, from their own upstream span (the HTTP traceparent header and _meta).
            // Nor does it carry the client headers that request passes on to its own tool call (ForwardedHeaders).
            var caller = Activity.Current;
            Activity.Current = null;
            McpClient connected;
            try
            {
                using var noClientHeaders = ForwardedHeaders.Suppress();
                connected = await McpClient.CreateAsync(transport(), clientOptions, loggerFactory, cancellationToken);
            }
            finally
            {
                Activity.Current = caller;
            }

            logger.LogInformation("Connected to upstream {Server} ({ServerName} {ServerVersion})", server, connected.ServerInfo?.Name, connected.ServerInfo?.Version);
            Volatile.Write(ref client, connected);
            return connected;
        }
        finally
        {
            connectLock.Release();
        }
    }
}
