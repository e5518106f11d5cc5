using System.Collections.Concurrent;
using System.Security.Cryptography;
using McpPlatform.Gateway.Catalog;
using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Limits;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpPlatform.Gateway.StatelessInput;

/// <summary>
/// Tool calls of stateless (2026-07-28) clients that may need the client's input: multi round-trip requests.
/// The first request starts the upstream call on a client of <see cref="InputClientPool"/>; whenever the upstream
/// asks something, the client gets an input-required result whose request state is the call's id; its retry
/// carries the answers and resumes the same upstream call. Calls the client stops answering end after
/// <see cref="GatewayOptions.ClientInputTimeout"/>. In memory: a retry must reach the same gateway replica. A call counts
/// against its key's calls in flight and upstream clients (its rented client may be a process) until it ends, not only
/// while one of its HTTP requests is open: a client could otherwise start calls without limit and never answer.
/// </summary>
internal sealed class PendingCalls(InputClientPool clients, IOptions<GatewayOptions> options, ResourceLimiter limiter, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, PendingCall> calls = new(StringComparer.Ordinal);

    /// <summary>Whether this request's client can be asked through input-required results.</summary>
    public static bool Applies(McpServer downstream) =>
        downstream.SessionId is null
        && downstream.IsMrtrSupported
        && downstream.ClientCapabilities is { } capabilities
        && (capabilities.Sampling is not null || capabilities.Elicitation is not null || capabilities.Roots is not null);

    public async Task<CallToolResult> CallAsync(
        RequestContext<CallToolRequestParams> context, string keyName, CatalogEntry<Tool> tool, CancellationToken cancellationToken)
    {
        var request = context.Params!;
        PendingCall pending;
        if (request.RequestState is { } state)
        {
            pending = calls.TryGetValue(state, out var found) && found.KeyName == keyName && found.ToolName == request.Name
                ? found
                : throw new McpProtocolException("The request state is unknown or has expired: call the tool again without it.", McpErrorCode.InvalidParams);
            pending.Answer(request.InputResponses);
        }
        else
        {
            pending = Start(keyName, tool, context.Server.ClientCapabilities!, request.Arguments);
        }

        return await pending.NextAsync(cancellationToken)
            ?? throw new InputRequiredException(pending.TakeQuestions(), pending.Id);
    }

    private PendingCall Start(string keyName, CatalogEntry<Tool> tool, ClientCapabilities capabilities, IDictionary<string, System.Text.Json.JsonElement>? arguments)
    {
        List<IDisposable> permits = [];
        try
        {
            // Refused past a limit with a JSON-RPC error naming the setting, before any upstream client is rented.
            // The place its first HTTP request took at the door (KeyCallLimiter), held until the call ends, else one taken now.
            permits.Add(Telemetry.McpRequest.Current?.CallPermit?.Take() ?? limiter.Acquire(LimitedResource.PendingCall, keyName));
            permits.Add(limiter.Acquire(LimitedResource.UpstreamClient, keyName));
        }
        catch (LimitExceededException)
        {
            permits.ForEach(permit => permit.Dispose());
            throw;
        }

        var client = clients.Rent(tool.Server, capabilities);
        var pending = new PendingCall(NewId(), keyName, tool.ExposedName, client, options.Value.ClientInputTimeout, time);
        client.Holder = pending;
        calls[pending.Id] = pending;
        pending.Call = RunAsync(pending, permits, tool.Item.Name, arguments);
        return pending;
    }

    private async Task<CallToolResult> RunAsync(PendingCall pending, List<IDisposable> permits, string upstreamTool, IDictionary<string, System.Text.Json.JsonElement>? arguments)
    {
        await Task.Yield(); // the caller stores the task first
        try
        {
            return Mcp.ToolCalls.Decode(await pending.Client.Upstream.CallToolAsync(upstreamTool, Mcp.ToolCalls.Encode(arguments), progress: null, pending.Lifetime.Token));
        }
        finally
        {
            calls.TryRemove(pending.Id, out _);
            pending.End();
            var abandoned = pending.Lifetime.IsCancellationRequested;
            pending.Lifetime.Dispose();
            try
            {
                await clients.ReturnAsync(pending.Client, reusable: !abandoned);
            }
            finally
            {
                permits.ForEach(permit => permit.Dispose());
            }
        }
    }

    private static string NewId() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
}
