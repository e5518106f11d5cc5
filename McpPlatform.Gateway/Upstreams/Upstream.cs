using McpPlatform.Gateway.Configuration;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Upstreams;

/// <summary>
/// One upstream MCP server as the gateway uses it: its <see cref="UpstreamConnection"/> (transport, initialize,
/// reconnect), its <see cref="UpstreamHealth"/> (up/down, breaker), its <see cref="UpstreamLists"/> (cached lists) and
/// its <see cref="UpstreamNotifications"/> (list_changed, progress). Every request goes through <see cref="SendAsync"/>:
/// the server's own request timeout, the breaker, and one retry on a fresh session when the upstream restarted.
/// </summary>
public sealed class Upstream : IAsyncDisposable
{
    private readonly UpstreamServerOptions options;
    private readonly TimeProvider time;
    private readonly TimeSpan listDeadline;
    private readonly ILogger logger;
    private readonly UpstreamConnection connection;
    private readonly UpstreamNotifications notifications;

    internal Upstream(string name, UpstreamServerOptions options, UpstreamSettings settings, McpClientHandlers? handlers, ClientCapabilities? capabilities, UpstreamEvents? events)
    {
        Name = name;
        this.options = options;
        time = settings.Time;
        listDeadline = settings.ListDeadline;
        logger = settings.LoggerFactory.CreateLogger<Upstream>();
        Health = new UpstreamHealth(name, settings.CircuitBreaker, time, logger, events, settings.Metrics);
        Lists = new UpstreamLists(this, settings.ListTtl, time, kind => events?.RaiseListChanged(name, UpstreamLists.ListChangedMethodOf(kind)));
        notifications = new UpstreamNotifications(name, Lists, events);
        var clientOptions = new McpClientOptions
        {
            ClientInfo = new Implementation { Name = "mcpplatform-gateway", Version = "0.1.0" },
            ProtocolVersion = options.ProtocolVersion,
            Handlers = notifications.WithListChanged(handlers ?? new McpClientHandlers()),
            Capabilities = capabilities,
        };
        connection = new UpstreamConnection(
            name,
            () => new ProgressTappingTransport(settings.Transports.Create(name, options), notifications.OnMessageRead),
            clientOptions,
            settings.LoggerFactory,
            Health.RecordFailure,
            Lists.MarkStale);
    }

    /// <summary>The server's canonical name.</summary>
    public string Name { get; }

    /// <summary>The client headers its tool calls pass on (<see cref="UpstreamServerOptions.ForwardHeaders"/>).</summary>
    public IReadOnlyList<string> ForwardHeaders => options.ForwardHeaders;

    public UpstreamHealth Health { get; }

    public UpstreamLists Lists { get; }

    /// <summary>The upstream's state as last seen, for <c>GET /v1/mcp/servers</c>.</summary>
    public UpstreamStatus Status() => new(
        Name,
        options.Aliases,
        options.Transport,
        Health.IsDown ? "down" : Lists.Tools.MissedDeadline || Lists.Tools.Overdue(listDeadline) ? "slow" : Health.Contacted ? "up" : "unknown",
        Lists.Tools.Current?.Items.Count,
        Health.LastError,
        Health.LatencyMs,
        Health.CheckedAt,
        Health.BreakerState,
        Health.ListDeadlineMissedAt);

    /// <summary>Lists the tools again now (joining a listing already running): the health monitor's probe.</summary>
    public Task ProbeAsync() => Lists.Tools.RefreshAsync();

    public Task<GetPromptResult> GetPromptAsync(GetPromptRequestParams request, CancellationToken cancellationToken) =>
        SendAsync(RequestMethods.PromptsGet, request.Name, (mcp, ct) => mcp.GetPromptAsync(WithTraceContext(request), ct).AsTask(), cancellationToken);

    public Task<ReadResourceResult> ReadResourceAsync(ReadResourceRequestParams request, CancellationToken cancellationToken) =>
        SendAsync(RequestMethods.ResourcesRead, request.Uri, (mcp, ct) => mcp.ReadResourceAsync(WithTraceContext(request), ct).AsTask(), cancellationToken);

    /// <summary>Subscribes to a resource's updates (they arrive as notifications on this client).</summary>
    public Task SubscribeAsync(string uri, CancellationToken cancellationToken) =>
        SendAsync(RequestMethods.ResourcesSubscribe, uri, async (mcp, ct) => { await mcp.SubscribeToResourceAsync(uri, cancellationToken: ct); return true; }, cancellationToken);

    public Task UnsubscribeAsync(string uri, CancellationToken cancellationToken) =>
        SendAsync(RequestMethods.ResourcesUnsubscribe, uri, async (mcp, ct) => { await mcp.UnsubscribeFromResourceAsync(uri, cancellationToken: ct); return true; }, cancellationToken);

    /// <summary>Asks the upstream for log messages from this level (when it offers logging).</summary>
    public Task SetLoggingLevelAsync(LoggingLevel level, CancellationToken cancellationToken) =>
        SendAsync(
            RequestMethods.LoggingSetLevel,
            null,
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
        SendAsync(RequestMethods.CompletionComplete, null, (mcp, ct) => mcp.CompleteAsync(request, ct).AsTask(), cancellationToken);

    /// <summary>
    /// Calls a tool by its upstream name with the arguments untouched and hands back the upstream's result JSON as it
    /// came (see <see cref="RawToolCall"/>); with <paramref name="progress"/>, the call's progress is reported to it.
    /// </summary>
    public Task<System.Text.Json.Nodes.JsonObject> CallToolAsync(
        string tool, System.Text.Json.Nodes.JsonNode? arguments, IProgress<ProgressNotificationValue>? progress, CancellationToken cancellationToken) =>
        SendAsync(
            RequestMethods.ToolsCall,
            tool,
            async (mcp, ct) =>
            {
                using var progressRegistration = progress is null ? null : notifications.ForwardProgress(progress);
                return await RawToolCall.SendAsync(mcp, Name, tool, arguments, progressRegistration?.Meta(), time, logger, ct);
            },
            cancellationToken);

    public async ValueTask DisposeAsync() => await connection.DisposeAsync();

    /// <summary>The client's request (this request's own object) with the upstream span's trace context in its <c>_meta</c>.</summary>
    private static T WithTraceContext<T>(T request)
        where T : RequestParams
    {
        request.Meta = Telemetry.UpstreamTraceContext.Inject(request.Meta);
        return request;
    }

    internal async Task<IReadOnlyList<Tool>> FetchToolsAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var tools = await SendAsync(RequestMethods.ToolsList, null, async (mcp, ct) => (await mcp.ListToolsAsync(cancellationToken: ct)).Select(tool => tool.ProtocolTool).ToList(), cancellationToken);
        Health.RecordLatency(time.GetElapsedTime(started));
        return tools;
    }

    internal async Task<IReadOnlyList<Prompt>> FetchPromptsAsync(CancellationToken cancellationToken) =>
        await SendAsync(RequestMethods.PromptsList, null, async (mcp, ct) => mcp.ServerCapabilities?.Prompts is null
            ? []
            : (await mcp.ListPromptsAsync(cancellationToken: ct)).Select(prompt => prompt.ProtocolPrompt).ToList(), cancellationToken);

    internal async Task<IReadOnlyList<Resource>> FetchResourcesAsync(CancellationToken cancellationToken) =>
        await SendAsync(RequestMethods.ResourcesList, null, async (mcp, ct) => mcp.ServerCapabilities?.Resources is null
            ? []
            : (await mcp.ListResourcesAsync(cancellationToken: ct)).Select(resource => resource.ProtocolResource).ToList(), cancellationToken);

    internal async Task<IReadOnlyList<ResourceTemplate>> FetchResourceTemplatesAsync(CancellationToken cancellationToken) =>
        await SendAsync(RequestMethods.ResourcesTemplatesList, null, async (mcp, ct) => mcp.ServerCapabilities?.Resources is null
            ? []
            : (await mcp.ListResourceTemplatesAsync(cancellationToken: ct)).Select(template => template.ProtocolResourceTemplate).ToList(), cancellationToken);

    /// <summary>
    /// One request to the upstream, within the server's <see cref="UpstreamServerOptions.RequestTimeout"/> (on the
    /// gateway's clock) and through its breaker. The upstream's own errors pass through (it is up); a failure marks it
    /// down, drops its session and becomes <see cref="UpstreamUnavailableException"/>; a session the upstream no longer
    /// knows (it restarted) is opened again and the request sent once more. Traced as a child span of the MCP request
    /// it serves (<paramref name="method"/>, <paramref name="target"/>: the tool or prompt name, or resource URI).
    /// </summary>
    private async Task<T> SendAsync<T>(string method, string? target, Func<McpClient, CancellationToken, Task<T>> request, CancellationToken cancellationToken)
    {
        Telemetry.McpRequest.Current?.ReachUpstream();
        using var activity = Telemetry.GatewayActivities.StartUpstream(method, target, Name);
        // One source on the gateway's clock, cancelled by the caller too (a registration costs less than a linked source).
        using var timeout = new CancellationTokenSource(options.RequestTimeout, time);
        using var callerCancels = cancellationToken.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), timeout);
        try
        {
            if (Health.BreakerIdle)
            {
                // Up and the breaker closed: nothing for it to count (see UpstreamHealth.BreakerIdle); a failure is handed to it.
                try
                {
                    return await AttemptAsync(request, cancellationToken, timeout.Token);
                }
                catch (UpstreamUnavailableException failure)
                {
                    await Health.CountFailureAsync(failure);
                    throw;
                }
            }

            return await Health.Breaker.ExecuteAsync(
                static (state, ct) => new ValueTask<T>(state.Self.AttemptAsync(state.Request, state.Caller, ct)),
                (Self: this, Request: request, Caller: cancellationToken),
                timeout.Token);
        }
        catch (Polly.CircuitBreaker.BrokenCircuitException ex)
        {
            if (activity is not null)
            {
                Telemetry.GatewayActivities.Fail(activity, "breaker_open", null);
            }

            throw new UpstreamUnavailableException(Name, new TimeoutException(
                $"skipped after repeated failures, next try in {ex.RetryAfter?.TotalSeconds ?? 1:0.#} s: {Health.LastError}"));
        }
        catch (Exception ex) when (activity is not null)
        {
            Telemetry.GatewayActivities.Fail(activity, ex is McpProtocolException protocol ? ((int)protocol.ErrorCode).ToString(System.Globalization.CultureInfo.InvariantCulture) : ex is UpstreamUnavailableException ? "unavailable" : ex.GetType().FullName ?? "exception", null);
            throw;
        }
    }

    private async Task<T> AttemptAsync<T>(Func<McpClient, CancellationToken, Task<T>> request, CancellationToken caller, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            McpClient mcp;
            try
            {
                mcp = await connection.GetAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !caller.IsCancellationRequested)
            {
                Health.RecordFailure(ex);
                throw new UpstreamUnavailableException(Name, ex);
            }

            try
            {
                var result = await request(mcp, cancellationToken);
                Health.RecordSuccess();
                return result;
            }
            catch (McpException)
            {
                Health.RecordSuccess();
                throw; // The upstream answered with an error: the session is fine.
            }
            catch (OperationCanceledException) when (caller.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) when (attempt == 1 && UpstreamErrorText.IsSessionLost(ex))
            {
                // The upstream restarted and forgot our session; it did not run the request: connect again and retry once.
                logger.LogInformation("Upstream {Server} no longer knows the gateway's session (it restarted?); connecting again", Name);
                await connection.ResetAsync(mcp);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Upstream {Server} failed; its session is dropped and reconnects on the next request", Name);
                Health.RecordFailure(ex);
                await connection.ResetAsync(mcp);
                throw new UpstreamUnavailableException(Name, ex);
            }
        }
    }
}
