using System.Diagnostics;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Telemetry;

/// <summary>
/// The gateway's traces (activity source <c>McpPlatform.Gateway</c>, exported by the service defaults): a server span per
/// MCP request and a client span per request it sends upstream. Attribute names follow the OpenTelemetry MCP semantic
/// conventions (<c>mcp.*</c>, <c>gen_ai.*</c>, <c>jsonrpc.*</c>, <c>error.type</c>) where they exist; the gateway's own
/// are <c>mcpplatform.*</c>. Nothing here ever carries a key: only <see cref="KeyIds"/>.
/// </summary>
internal static class GatewayActivities
{
    public const string SourceName = "McpPlatform.Gateway";

    public const string MethodName = "mcp.method.name";
    public const string SessionId = "mcp.session.id";
    public const string ResourceUri = "mcp.resource.uri";
    public const string ToolName = "gen_ai.tool.name";
    public const string PromptName = "gen_ai.prompt.name";
    public const string OperationName = "gen_ai.operation.name";
    public const string RequestId = "jsonrpc.request.id";
    public const string ErrorType = "error.type";
    public const string ResponseStatusCode = "rpc.response.status_code";

    /// <summary>The upstream server's canonical name.</summary>
    public const string Server = "mcpplatform.server";

    /// <summary>Who asked: see <see cref="KeyIds"/>.</summary>
    public const string KeyId = "mcpplatform.key.id";

    /// <summary><c>ok</c>, <c>error</c> or <c>refused</c>.</summary>
    public const string Outcome = "mcpplatform.outcome";

    /// <summary>Why a request was refused (<see cref="RefusalReasons"/>).</summary>
    public const string RefusalReason = "mcpplatform.refusal.reason";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// The span of one recorded MCP request (<paramref name="record"/> keeps it), named for its method and tagged with it
    /// and the key's id (never the key); null when nobody listens. Callers add their own tags while
    /// <see cref="Activity.IsAllDataRequested"/>.
    /// </summary>
    public static Activity? StartRequest(McpRequest record, string method, ActivityKind kind)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity(method, kind);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(MethodName, method);
            activity.SetTag(KeyId, record.KeyId);
        }

        record.Activity = activity;
        return activity;
    }

    /// <summary>
    /// The client span of one request to an upstream, a child of the MCP request it serves; null when nobody listens or
    /// the request serves none (background list refreshes and health probes would otherwise each start a trace).
    /// </summary>
    public static Activity? StartUpstream(string method, string? target, string server)
    {
        if (Activity.Current is null || !Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity(target is null || method == RequestMethods.ResourcesRead ? method : method + " " + target, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(MethodName, method);
            activity.SetTag(Server, server);
            SetTarget(activity, method, target);
        }

        return activity;
    }

    /// <summary>The tool, prompt or resource a request is about, under its semantic-convention name.</summary>
    public static void SetTarget(Activity activity, string method, string? target)
    {
        if (target is null)
        {
            return;
        }

        switch (method)
        {
            case RequestMethods.ToolsCall:
                activity.SetTag(ToolName, target);
                activity.SetTag(OperationName, "execute_tool");
                break;
            case RequestMethods.PromptsGet:
                activity.SetTag(PromptName, target);
                break;
            case RequestMethods.ResourcesRead or RequestMethods.ResourcesSubscribe or RequestMethods.ResourcesUnsubscribe:
                activity.SetTag(ResourceUri, target);
                break;
        }
    }

    /// <summary>Marks a span failed with a low-cardinality error type (and the error's message as its status).</summary>
    public static void Fail(Activity activity, string errorType, string? description)
    {
        activity.SetTag(ErrorType, errorType);
        activity.SetStatus(ActivityStatusCode.Error, description);
    }
}
