using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using McpPlatform.Gateway.Auth;
using Microsoft.Net.Http.Headers;

namespace McpPlatform.Gateway.Limits;

/// <summary>
/// Tells, before the MCP SDK reads it, whether an MCP POST of a key starts a tool call (a JSON-RPC request with
/// <c>"method": "tools/call"</c> that is not the continuation of a stateless call waiting for its client's input): such
/// a POST is one of the key's calls in flight for <see cref="KeyCallLimiter"/>, and past the key's limit it gets 429
/// instead of reaching the SDK. Only the body's first <see cref="PeekBytes"/> bytes are looked at (peeked in the request's
/// pipe, or buffered, so the SDK reads the whole body afterwards); a message whose <c>method</c> comes later is not counted here, and its call is
/// still counted where it starts (<see cref="Mcp.ToolCalls"/>, a JSON-RPC error past the limit).
/// </summary>
internal static class ToolCallDetection
{
    /// <summary>How much of a body is read to find its method: clients write <c>method</c> before <c>params</c>.</summary>
    internal const int PeekBytes = 16 * 1024;

    private static readonly object Marker = new();

    /// <summary>After authentication and before the rate limiter: marks the MCP POSTs that start a tool call.</summary>
    public static IApplicationBuilder UseToolCallDetection(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method)
                && Routing.McpRoutes.IsMcpPath(context.Request.Path)
                && context.User.FindFirst(ApiKeyAuthenticationHandler.KeyNameClaim) is not null
                && await StartsToolCallAsync(context.Request, context.RequestAborted))
            {
                context.Items[Marker] = Marker;
            }

            await next(context);
        });

    /// <summary>Whether this request was found to start a tool call.</summary>
    public static bool IsToolCall(HttpContext context) => context.Items.ContainsKey(Marker);

    private static async Task<bool> StartsToolCallAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is not null && IsUtf8(request))
        {
            return await PeekAsync(request.BodyReader, cancellationToken);
        }

        // Buffered, and the SDK reads it again from the start: a body of unknown length (the request recording counts it
        // through a stream of its own), or one in another charset, which ASP.NET Core reads through Request.Body rather
        // than the pipe a peek leaves it in (on servers other than Kestrel that stream does not read from the pipe).
        request.EnableBuffering();
        var buffer = ArrayPool<byte>.Shared.Rent(PeekBytes);
        try
        {
            var read = await request.Body.ReadAtLeastAsync(buffer.AsMemory(0, PeekBytes), PeekBytes, throwOnEndOfStream: false, cancellationToken);
            request.Body.Position = 0;
            return StartsToolCall(buffer.AsSpan(0, read), isFinalBlock: read < PeekBytes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Looks at the body's start in the request's pipe without consuming it, so the SDK reads the whole body afterwards
    /// from the same pipe: no copy of the body, and none written to a temporary file (buffering spills past 30 KB).
    /// </summary>
    internal static async Task<bool> PeekAsync(PipeReader body, CancellationToken cancellationToken)
    {
        var result = await body.ReadAtLeastAsync(PeekBytes, cancellationToken);
        try
        {
            var start = result.Buffer.Slice(0, Math.Min(result.Buffer.Length, PeekBytes));
            return StartsToolCall(start, isFinalBlock: result.IsCompleted && start.Length == result.Buffer.Length);
        }
        finally
        {
            // Nothing consumed; all of it examined, as a pipe may not be told less than it already counts as examined
            // (ReadAtLeastAsync examines what it read). The next read returns it all again: at once if the body is
            // complete, else with the bytes still to come.
            body.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static bool IsUtf8(HttpRequest request) =>
        !MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        || type.Charset.Length == 0
        || type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether the JSON (all of it, or its start when <paramref name="isFinalBlock"/> is false) is a <c>tools/call</c>
    /// request that carries no <c>params.requestState</c>. Malformed JSON is no tool call: the SDK refuses it.
    /// </summary>
    internal static bool StartsToolCall(ReadOnlySpan<byte> json, bool isFinalBlock)
    {
        var reader = new Utf8JsonReader(json, isFinalBlock, default);
        return StartsToolCall(ref reader);
    }

    private static bool StartsToolCall(ReadOnlySequence<byte> json, bool isFinalBlock)
    {
        var reader = new Utf8JsonReader(json, isFinalBlock, default);
        return StartsToolCall(ref reader);
    }

    private static bool StartsToolCall(ref Utf8JsonReader reader)
    {
        var toolCall = false;
        var inParams = false;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                if (reader.CurrentDepth == 1)
                {
                    inParams = reader.ValueTextEquals("params"u8);
                    if (reader.ValueTextEquals("method"u8))
                    {
                        if (!reader.Read())
                        {
                            return false;
                        }

                        toolCall = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("tools/call"u8);
                        if (!toolCall)
                        {
                            return false;
                        }
                    }
                }
                else if (inParams && reader.CurrentDepth == 2 && reader.ValueTextEquals("requestState"u8))
                {
                    return false; // the next round of a call that already holds its place
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return toolCall;
    }
}
