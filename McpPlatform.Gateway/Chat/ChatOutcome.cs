using Microsoft.Extensions.AI;

namespace McpPlatform.Gateway.Chat;

/// <summary>What a run produced for the caller (<see cref="PreparedChat.Outcome"/>).</summary>
internal sealed record ChatOutcome(string Text, IReadOnlyList<FunctionCallContent> CallerCalls, IReadOnlyList<McpCallOutcome> McpCalls, string FinishReason, UsageDetails? Usage);

/// <summary>An MCP tool call the gateway made for the model, and what the tool answered.</summary>
internal sealed record McpCallOutcome(FunctionCallContent Call, string Label, string Output);
