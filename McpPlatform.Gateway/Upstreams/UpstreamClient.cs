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
    TimeProvider timeProvider,
    McpClientHandlers? handlers = null,
    ClientCapabilities? capabilities = null,
    UpstreamEvents? events = null) : IAsyncDisposable
{
    private static readonly Dictionary<string, string> CachedKindByNotification = new(StringComparer.Ordinal)
    {
        [NotificationMethods.ToolListChangedNotification] = nameof(Tool),
        [NotificationMethods.PromptListChangedNotification] = nameof(Prompt),
        [NotificationMethods.ResourceListChangedNotification] = nameof(Resource),
    };

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private static long lastRequestId;
    private readonly SemaphoreSlim connectLock = new(1, 1);
    private readonly ILogger logger = loggerFactory.CreateLogger<UpstreamClient>();
    private McpClient? client;
    private IReadOnlyList<Tool> lastKnownTools = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IProgress<ProgressNotificationValue>> progressByToken = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (object Items, DateTimeOffset FetchedAt)> listCaches = new(StringComparer.Ordinal);
    private int consecutiveFailures;
    private DateTimeOffset nextAttempt = DateTimeOffset.MinValue;
    private string? lastError;
    private double? latencyMs;
    private DateTimeOffset? checkedAt;

    /// <summary>The server's canonical name.</summary>
    public string Name { get; } = name;

    /// <summary>The upstream's tools, from the cache while it is fresh; a fresh listing also measures the upstream's latency.</summary>
    public Task<IReadOnlyList<Tool>> ListToolsAsync(CancellationToken cancellationToken) =>
        CachedAsync(nameof(Tool), async (mcp, ct) =>
        {
            var started = timeProvider.GetTimestamp();
            var tools = (await mcp.ListToolsAsync(cancellationToken: ct)).Select(tool => tool.ProtocolTool).ToList();
            latencyMs = timeProvider.GetElapsedTime(started).TotalMilliseconds;
            lastKnownTools = tools;
            return tools;
        }, cancellationToken);

    /// <summary>
    /// The tools it listed last time it was up, even while it is down: a call to one of them then gets a clear
    /// "unavailable" tool error instead of "unknown tool".
    /// </summary>
    public IReadOnlyList<Tool> LastKnownTools => lastKnownTools;

    /// <summary>Lists the tools again now, ignoring the cache: what the health monitor does.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        listCaches.TryRemove(nameof(Tool), out _);
        await ListToolsAsync(cancellationToken);
    }

    /// <summary>The upstream's state as last seen, for the status API.</summary>
    public UpstreamStatus Status()
    {
        var status = checkedAt is null ? "unknown" : client is not null && consecutiveFailures == 0 ? "up" : "down";
        var toolCount = listCaches.TryGetValue(nameof(Tool), out var tools) ? ((IReadOnlyList<Tool>)tools.Items).Count : (int?)null;
        return new UpstreamStatus(Name, options.Aliases, options.Transport, status, toolCount, lastError, latencyMs, checkedAt);
    }

    /// <summary>The upstream's prompts (none when it has no prompts capability), cached like its tools.</summary>
    public Task<IReadOnlyList<Prompt>> ListPromptsAsync(CancellationToken cancellationToken) =>
        CachedAsync(nameof(Prompt), async (mcp, ct) => mcp.ServerCapabilities?.Prompts is null
            ? []
            : (await mcp.ListPromptsAsync(cancellationToken: ct)).Select(prompt => prompt.ProtocolPrompt).ToList(), cancellationToken);

    /// <summary>The upstream's resources (none without the resources capability), cached.</summary>
    public Task<IReadOnlyList<Resource>> ListResourcesAsync(CancellationToken cancellationToken) =>
        CachedAsync(nameof(Resource), async (mcp, ct) => mcp.ServerCapabilities?.Resources is null
            ? []
            : (await mcp.ListResourcesAsync(cancellationToken: ct)).Select(resource => resource.ProtocolResource).ToList(), cancellationToken);

    /// <summary>The upstream's resource templates (none without the resources capability), cached.</summary>
    public Task<IReadOnlyList<ResourceTemplate>> ListResourceTemplatesAsync(CancellationToken cancellationToken) =>
        CachedAsync(nameof(ResourceTemplate), async (mcp, ct) => mcp.ServerCapabilities?.Resources is null
            ? []
            : (await mcp.ListResourceTemplatesAsync(cancellationToken: ct)).Select(template => template.ProtocolResourceTemplate).ToList(), cancellationToken);

    public Task<GetPromptResult> GetPromptAsync(GetPromptRequestParams request, CancellationToken cancellationToken) =>
        WithClientAsync((mcp, ct) => mcp.GetPromptAsync(request, ct).AsTask(), cancellationToken);

    public Task<ReadResourceResult> ReadResourceAsync(ReadResourceRequestParams request, CancellationToken cancellationToken) =>
        WithClientAsync((mcp, ct) => mcp.ReadResourceAsync(request, ct).AsTask(), cancellationToken);

    /// <summary>Subscribes to a resource's updates (they arrive as notifications on this client).</summary>
    public Task SubscribeAsync(string uri, CancellationToken cancellationToken) =>
        WithClientAsync(async (mcp, ct) => { await mcp.SubscribeToResourceAsync(uri, cancellationToken: ct); return true; }, cancellationToken);

    public Task UnsubscribeAsync(string uri, CancellationToken cancellationToken) =>
        WithClientAsync(async (mcp, ct) => { await mcp.UnsubscribeFromResourceAsync(uri, cancellationToken: ct); return true; }, cancellationToken);

    /// <summary>Asks the upstream for log messages from this level (when it offers logging).</summary>
    public Task SetLoggingLevelAsync(LoggingLevel level, CancellationToken cancellationToken) =>
        WithClientAsync(
            async (mcp, ct) =>
            {
                if (mcp.ServerCapabilities?.Logging is not null)
                {
                    await mcp.SetLoggingLevelAsync(level, cancellationToken: ct);
                }

                return true;
            },
            cancellationToken);

    public Task<CompleteResult> CompleteAsync(CompleteRequestParams request, CancellationToken cancellationToken) =>
        WithClientAsync((mcp, ct) => mcp.CompleteAsync(request, ct).AsTask(), cancellationToken);

    /// <summary>
    /// Calls a tool by its upstream name, passing the arguments through untouched, and hands back the upstream's result
    /// as it came (the JSON of a <c>CallToolResult</c>), so that the gateway can pass it on without decoding and encoding
    /// it again. With <paramref name="progress"/>, the upstream's progress notifications for this call are reported to
    /// it. When the call is cancelled (the client cancelled it, or it timed out) the upstream is told with
    /// <c>notifications/cancelled</c>, which the SDK's client does not send by itself, so that it stops working for nobody.
    /// </summary>
    public Task<System.Text.Json.Nodes.JsonObject> CallToolAsync(
        string tool, System.Text.Json.Nodes.JsonNode? arguments, IProgress<ProgressNotificationValue>? progress, CancellationToken cancellationToken) =>
        WithClientAsync(
            async (mcp, ct) =>
            {
                using var progressRegistration = progress is null ? null : ForwardProgress(progress);

                // Absent members stay absent (no "arguments": null or "_meta": null): some servers refuse nulls there.
                var parameters = new System.Text.Json.Nodes.JsonObject { ["name"] = tool };
                if (arguments is not null)
                {
                    parameters["arguments"] = arguments.Parent is null ? arguments : arguments.DeepClone(); // a node has one parent
                }

                if (progressRegistration is not null)
                {
                    parameters["_meta"] = progressRegistration.Meta();
                }

                var request = new JsonRpcRequest { Id = NewRequestId(), Method = RequestMethods.ToolsCall, Params = parameters };
                JsonRpcResponse response;
                try
                {
                    response = await mcp.SendRequestAsync(request, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    // Told before the call ends, so before anything its end sets off (a stateless caller's abandoned
                    // question is failed only then): the upstream sees a cancelled call, not a failed sampling request.
                    await TellUpstreamCancelledAsync(mcp, request.Id);
                    throw;
                }

                return response.Result as System.Text.Json.Nodes.JsonObject
                    ?? throw new McpProtocolException($"The server '{Name}' answered the tool call with something that is not a tool result.", McpErrorCode.InternalError);
            },
            cancellationToken);

    /// <summary>
    /// An id for a request the gateway sends itself: a string, so it never meets the SDK's own (numeric) ids in the same
    /// session, and a counter: unique in the process without asking the OS for random bytes on every call.
    /// </summary>
    private static RequestId NewRequestId() =>
        new("gw-" + Interlocked.Increment(ref lastRequestId).ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// Sends <c>notifications/cancelled</c> for a call (the SDK's client does not), waiting at most 2 s: an upstream that
    /// cannot be told is down, which its next request finds out; the caller's cancellation stands either way.
    /// </summary>
    private async Task TellUpstreamCancelledAsync(McpClient mcp, RequestId requestId)
    {
        try
        {
            await mcp.SendNotificationAsync(
                NotificationMethods.CancelledNotification,
                new CancelledNotificationParams { RequestId = requestId, Reason = "The call was cancelled at the gateway." },
                McpJsonUtilities.DefaultOptions,
                CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception ex) when (ex is TimeoutException or HttpRequestException or IOException or McpException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            logger.LogDebug(ex, "Upstream {Server} could not be told that a call was cancelled", Name);
        }
    }

    /// <summary>The upstream's progress under a token of the gateway's own goes to <paramref name="progress"/> until disposed.</summary>
    private ProgressRegistration ForwardProgress(IProgress<ProgressNotificationValue> progress)
    {
        var token = Guid.NewGuid().ToString("N");
        progressByToken[token] = progress;
        return new ProgressRegistration(progressByToken, token);
    }

    /// <summary>Runs on the session's reading loop, in arrival order (see <see cref="ProgressTappingTransport"/>).</summary>
    private void OnMessageRead(JsonRpcMessage message)
    {
        if (message is JsonRpcNotification { Method: NotificationMethods.ProgressNotification } notification
            && !progressByToken.IsEmpty
            && System.Text.Json.JsonSerializer.Deserialize<ProgressNotificationParams>(notification.Params, McpJsonUtilities.DefaultOptions) is { } update
            && update.ProgressToken.ToString() is { } key
            && progressByToken.TryGetValue(key, out var progress))
        {
            progress.Report(update.Progress);
        }
    }

    private sealed class ProgressRegistration(System.Collections.Concurrent.ConcurrentDictionary<string, IProgress<ProgressNotificationValue>> registry, string token) : IDisposable
    {
        /// <summary>The request's <c>_meta</c> that asks the upstream for progress under this token.</summary>
        public System.Text.Json.Nodes.JsonObject Meta() => new() { ["progressToken"] = token };

        public void Dispose() => registry.TryRemove(token, out _);
    }

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
        for (var attempt = 1; ; attempt++)
        {
            var mcp = await GetClientAsync(timeout.Token);
            try
            {
                var result = await request(mcp, timeout.Token);
                RecordSuccess();
                return result;
            }
            catch (McpException)
            {
                RecordSuccess();
                throw; // The upstream answered with an error: the session is fine.
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) when (attempt == 1 && IsSessionLost(ex))
            {
                // The upstream restarted and forgot our session; it did not run the request: connect again and retry once.
                logger.LogInformation("Upstream {Server} no longer knows the gateway's session (it restarted?); connecting again", Name);
                await ResetAsync(mcp);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Upstream {Server} failed; its session is dropped and reconnects on the next request", Name);
                RecordFailure(ex);
                await ResetAsync(mcp);
                throw new UpstreamUnavailableException(Name, ex);
            }
        }
    }

    /// <summary>Streamable HTTP answers 404 to a request in a session the server does not know (any more).</summary>
    private static bool IsSessionLost(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            if (ex is HttpRequestException { StatusCode: System.Net.HttpStatusCode.NotFound })
            {
                return true;
            }
        }

        return false;
    }

    private async Task<McpClient> GetClientAsync(CancellationToken cancellationToken)
    {
        if (client is { } existing && !existing.Completion.IsCompleted)
        {
            return existing;
        }

        await connectLock.WaitAsync(cancellationToken);
        try
        {
            if (client is { } current)
            {
                if (!current.Completion.IsCompleted)
                {
                    return current;
                }

                // The session ended by itself (the process died, the server closed it): that is a failure (its tools
                // leave the lists; a stdio process restarts after the backoff), then a new session is opened.
                var ended = await current.Completion;
                logger.LogWarning(ended.Exception, "Upstream {Server} ended the gateway's session; connecting again", Name);
                RecordFailure(ended.Exception ?? new IOException("The upstream ended the session."));
                await ResetAsync(current);
            }

            // After failures, wait before starting a stdio process again: 1 s, 2 s, 4 s ... 30 s. An HTTP server is
            // tried at once (a refused connection costs nothing), so one that restarted serves the very next request.
            var wait = nextAttempt - timeProvider.GetUtcNow();
            if (wait > TimeSpan.Zero && IsStdio)
            {
                throw new UpstreamUnavailableException(Name, new TimeoutException($"retrying in {wait.TotalSeconds:0.#} s after: {lastError}"));
            }

            var transport = new ProgressTappingTransport(CreateTransport(), OnMessageRead);
            var clientOptions = new McpClientOptions
            {
                ClientInfo = new Implementation { Name = "mcpplatform-gateway", Version = "0.1.0" },
                ProtocolVersion = options.ProtocolVersion,
                Handlers = WithListChangedHandlers(handlers ?? new McpClientHandlers()),
                Capabilities = capabilities,
            };
            var connected = await McpClient.CreateAsync(transport, clientOptions, loggerFactory, cancellationToken);
            logger.LogInformation("Connected to upstream {Server} ({ServerName} {ServerVersion})", Name, connected.ServerInfo?.Name, connected.ServerInfo?.Version);
            client = connected;
            return connected;
        }
        catch (Exception ex) when (ex is not UpstreamUnavailableException && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
        {
            RecordFailure(ex);
            throw new UpstreamUnavailableException(Name, ex);
        }
        finally
        {
            connectLock.Release();
        }
    }

    private async Task<IReadOnlyList<T>> CachedAsync<T>(string kind, Func<McpClient, CancellationToken, Task<List<T>>> list, CancellationToken cancellationToken)
    {
        if (listCaches.TryGetValue(kind, out var cached) && timeProvider.GetUtcNow() - cached.FetchedAt < toolListTtl)
        {
            return (IReadOnlyList<T>)cached.Items;
        }

        IReadOnlyList<T> items = await WithClientAsync(list, cancellationToken);
        listCaches[kind] = (items, timeProvider.GetUtcNow());
        return items;
    }

    private bool IsStdio => string.Equals(options.Transport, "stdio", StringComparison.OrdinalIgnoreCase);

    private IClientTransport CreateTransport() => options.Transport.ToLowerInvariant() switch
    {
        "stdio" => new StdioClientTransport(
            new StdioClientTransportOptions
            {
                Name = Name,
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
                Name = Name,
                TransportMode = mode == "sse" ? HttpTransportMode.Sse : HttpTransportMode.StreamableHttp,
                AdditionalHeaders = options.Headers,
            },
            httpClient,
            loggerFactory,
            ownsHttpClient: false),
    };

    /// <summary>An upstream's list_changed empties that list's cache and is passed on to the sessions that see the server.</summary>
    private McpClientHandlers WithListChangedHandlers(McpClientHandlers given)
    {
        if (events is null)
        {
            return given;
        }

        var notifications = (given.NotificationHandlers ?? []).ToList();
        foreach (var (method, kind) in CachedKindByNotification)
        {
            notifications.Add(new(method, (_, _) =>
            {
                listCaches.TryRemove(kind, out _);
                events.RaiseListChanged(Name, method);
                return ValueTask.CompletedTask;
            }));
        }

        given.NotificationHandlers = notifications;
        return given;
    }

    private void RecordSuccess()
    {
        if (consecutiveFailures > 0 || checkedAt is null)
        {
            // Back up (or up for the first time): its tools are listed again.
            events?.RaiseListChanged(Name, NotificationMethods.ToolListChangedNotification);
        }

        consecutiveFailures = 0;
        lastError = null;
        checkedAt = timeProvider.GetUtcNow();
    }

    private void RecordFailure(Exception ex)
    {
        if (consecutiveFailures == 0)
        {
            // Just went down: its tools leave the lists; the whole message (a stdio server's stderr tail) goes to the log.
            events?.RaiseListChanged(Name, NotificationMethods.ToolListChangedNotification);
            logger.LogWarning(ex, "Upstream {Server} is down", Name);
        }

        consecutiveFailures++;
        lastError = UpstreamErrorText.Summarize(ex.Message);
        checkedAt = timeProvider.GetUtcNow();
        var backoff = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, consecutiveFailures - 1)));
        nextAttempt = timeProvider.GetUtcNow() + backoff;
    }

    private async Task ResetAsync(McpClient failed)
    {
        if (Interlocked.CompareExchange(ref client, null, failed) == failed)
        {
            listCaches.Clear();
            await failed.DisposeAsync();
        }
    }
}
