using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace McpPlatform.Gateway.Chat;

/// <summary>
/// The <c>mock-response</c> model: deterministic, no network, for tests and demos. While its <see cref="MockScript"/>
/// has tool calls and fewer rounds of them were made since the last user message than the script's rounds, it asks for
/// them (finish reason <c>tool_calls</c>); otherwise it answers the script's text (else the model's
/// <c>MockResponse</c>, else <see cref="DefaultText"/>), followed by the results of the tools called since the last
/// user message, one line each: <c>[tool] result</c>. Streamed, the text comes word by word.
/// </summary>
internal sealed class MockChatClient(string? configuredResponse) : IChatClient
{
    public const string ModelName = "mock-response";
    public const string DefaultText = "This is a mock response.";

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var answer = Answer([.. messages], options);
        var message = new ChatMessage(ChatRole.Assistant, answer.Contents) { MessageId = answer.Id };
        return Task.FromResult(new ChatResponse(message)
        {
            ResponseId = answer.Id,
            ModelId = options?.ModelId ?? ModelName,
            FinishReason = answer.Reason,
            Usage = answer.Usage,
        });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var answer = Answer([.. messages], options);
        var pieces = answer.Contents.SelectMany(content => content is TextContent text ? Words(text.Text).Select(word => (AIContent)new TextContent(word)) : [content]);
        foreach (var piece in pieces)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return Update(answer, [piece]);
            await Task.Yield();
        }

        var last = Update(answer, [new UsageContent(answer.Usage)]);
        last.FinishReason = answer.Reason;
        yield return last;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private static ChatResponseUpdate Update(MockAnswer answer, IList<AIContent> contents) =>
        new(ChatRole.Assistant, contents) { ResponseId = answer.Id, MessageId = answer.Id, ModelId = ModelName };

    private MockAnswer Answer(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        var id = "mock-" + Guid.NewGuid().ToString("N")[..16];
        var lastUser = messages.Select((message, index) => (message, index)).LastOrDefault(pair => pair.message.Role == ChatRole.User);
        var sinceUser = lastUser.message is null ? messages : messages.Skip(lastUser.index + 1).ToList();
        var script = options?.AdditionalProperties?.TryGetValue(MockScript.OptionsKey, out var value) == true ? value as MockScript : null;
        var calls = (script?.ToolCalls ?? []).Concat(lastUser.message is null ? [] : MockScript.FromDirectives(lastUser.message.Text)).ToList();
        var roundsDone = sinceUser.Count(message => message.Role == ChatRole.Assistant && message.Contents.OfType<FunctionCallContent>().Any());
        var usage = new UsageDetails
        {
            InputTokenCount = messages.Sum(message => Words(message.Text).Count()),
        };

        if (calls.Count > 0 && roundsDone < (script?.Rounds ?? 1))
        {
            var requested = calls.Select((call, index) => (AIContent)new FunctionCallContent($"call_{id}_{roundsDone}_{index}", call.Name, call.Arguments)).ToList();
            usage.OutputTokenCount = requested.Count;
            usage.TotalTokenCount = usage.InputTokenCount + usage.OutputTokenCount;
            return new MockAnswer(id, requested, ChatFinishReason.ToolCalls, usage);
        }

        var text = new StringBuilder(script?.Response ?? configuredResponse ?? DefaultText);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var call in sinceUser.SelectMany(message => message.Contents.OfType<FunctionCallContent>()))
        {
            names.TryAdd(call.CallId, call.Name); // a client may repeat an id: the first names it
        }

        foreach (var result in sinceUser.SelectMany(message => message.Contents.OfType<FunctionResultContent>()))
        {
            text.Append('\n').Append('[').Append(names.GetValueOrDefault(result.CallId, "tool")).Append("] ").Append(ResultText(result.Result));
        }

        usage.OutputTokenCount = Words(text.ToString()).Count();
        usage.TotalTokenCount = usage.InputTokenCount + usage.OutputTokenCount;
        return new MockAnswer(id, [new TextContent(text.ToString())], ChatFinishReason.Stop, usage);
    }

    private static string ResultText(object? result) => result switch
    {
        null => "",
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString() ?? "",
        _ => JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions),
    };

    /// <summary>The text in pieces that join back to it: each word with the whitespace before it.</summary>
    private static IEnumerable<string> Words(string text)
    {
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || (char.IsWhiteSpace(text[i]) && !char.IsWhiteSpace(text[i - 1])))
            {
                if (i > start)
                {
                    yield return text[start..i];
                }

                start = i;
            }
        }
    }

    private sealed record MockAnswer(string Id, IList<AIContent> Contents, ChatFinishReason Reason, UsageDetails Usage);
}
