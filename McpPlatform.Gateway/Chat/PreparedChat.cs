using McpPlatform.Gateway.Mcp;
using Microsoft.Extensions.AI;

namespace McpPlatform.Gateway.Chat;

/// <summary>
/// A chat request ready to run: the model's client wrapped in the tool loop, the messages and options, and which
/// function names are MCP tools the gateway runs (the rest are the caller's). Disposing it ends the request's session.
/// </summary>
internal sealed class PreparedChat(
    string model, IChatClient client, List<ChatMessage> messages, ChatOptions options, IReadOnlyList<McpToolFunction> mcpTools, GatewaySession? session)
    : IAsyncDisposable
{
    private readonly Dictionary<string, McpToolFunction> mcpByName = mcpTools.ToDictionary(tool => tool.Name, StringComparer.Ordinal);
    private readonly HashSet<string> callerNames = [.. options.Tools?.OfType<AIFunctionDeclaration>().Where(tool => tool is not AIFunction).Select(tool => tool.Name) ?? []];

    /// <summary>The model's id as the caller named it (what the answer reports).</summary>
    public string Model { get; } = model;

    public IChatClient Client { get; } = client;

    public List<ChatMessage> Messages { get; } = messages;

    public ChatOptions Options { get; } = options;

    /// <summary>The MCP tool the gateway runs under this name, if any.</summary>
    public McpToolFunction? McpTool(string name) => mcpByName.GetValueOrDefault(name);

    /// <summary>Whether a call is the caller's to run (one of its function tools), so it is returned to it.</summary>
    public bool IsCallerCall(FunctionCallContent call) => callerNames.Contains(call.Name);

    public Task<ChatResponse> RunAsync(CancellationToken cancellationToken) => Client.GetResponseAsync(Messages, Options, cancellationToken);

    public IAsyncEnumerable<ChatResponseUpdate> StreamAsync(CancellationToken cancellationToken) => Client.GetStreamingResponseAsync(Messages, Options, cancellationToken);

    /// <summary>
    /// What a finished (not streamed) run produced for the caller: the model's text, the caller's function calls left for
    /// it, and the MCP calls the gateway made with their results. Calls the gateway answered itself (an MCP tool, or a
    /// name the model was not offered: "not found") are not the caller's; MCP calls left when the rounds ran out are dropped.
    /// </summary>
    public ChatOutcome Outcome(ChatResponse response)
    {
        var results = new Dictionary<string, FunctionResultContent>(StringComparer.Ordinal);
        foreach (var result in response.Messages.SelectMany(message => message.Contents.OfType<FunctionResultContent>()))
        {
            results.TryAdd(result.CallId, result);
        }

        var text = string.Join("\n\n", response.Messages.Where(message => message.Role == ChatRole.Assistant && message.Text.Length > 0).Select(message => message.Text));
        var calls = response.Messages.SelectMany(message => message.Contents.OfType<FunctionCallContent>()).ToList();
        var callerCalls = calls.Where(call => !results.ContainsKey(call.CallId) && IsCallerCall(call)).ToList();
        var mcpCalls = calls.Where(call => mcpByName.ContainsKey(call.Name) && results.ContainsKey(call.CallId))
            .Select(call => new McpCallOutcome(call, mcpByName[call.Name].Label, ResultText(results[call.CallId].Result)))
            .ToList();
        var finish = callerCalls.Count > 0 ? "tool_calls" : response.FinishReason == ChatFinishReason.Length ? "length" : "stop";
        return new ChatOutcome(text, callerCalls, mcpCalls, finish, response.Usage);
    }

    public static string ResultText(object? result) => result switch
    {
        null => string.Empty,
        string text => text,
        _ => System.Text.Json.JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions),
    };

    public async ValueTask DisposeAsync()
    {
        if (session is not null)
        {
            await session.DisposeAsync();
        }
    }
}
