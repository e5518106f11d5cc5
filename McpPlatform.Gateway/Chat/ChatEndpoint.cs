using System.Text.Json.Nodes;
using McpPlatform.ServiceDefaults;

namespace McpPlatform.Gateway.Chat;

/// <summary>
/// What both chat endpoints do around their own shapes: read the body, prepare the run, answer or stream, and turn
/// every failure before the stream starts into an OpenAI-style error (<see cref="ChatErrors"/>): a 4xx for the request's faults, 502/504 for the
/// provider's, 500 without detail (logged) for the gateway's own; never a stack trace.
/// </summary>
internal static partial class ChatEndpoint
{
    public static async Task HandleAsync(
        HttpContext context,
        Func<JsonObject, ChatRequest> read,
        Func<PreparedChat, ChatResponseWriter> writerFor,
        CancellationToken cancellationToken)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("McpPlatform.Gateway.Chat");
        var events = new ServerSentEvents(context.Response);
        var model = "(unknown)";
        try
        {
            var request = read(await ChatJson.ReadBodyAsync(context.Request, cancellationToken));
            model = request.Model;
            await using var chat = await context.RequestServices.GetRequiredService<ChatRunner>().PrepareAsync(context, request, cancellationToken);
            var writer = writerFor(chat);
            if (request.Stream)
            {
                // The first update is awaited before the stream starts: a provider that fails at once (a refused key, a
                // server that is down) gets an HTTP error, as from OpenAI, not a stream holding one.
                await using var updates = chat.StreamAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
                var any = await updates.MoveNextAsync();
                await writer.StreamAsync(events, Remaining(updates, any), request.IncludeUsage, cancellationToken);
                return;
            }

            var response = await chat.RunAsync(cancellationToken);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(writer.Complete(chat.Outcome(response)).ToJsonString(), cancellationToken);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody to answer.
        }
        catch (Exception ex) when (!events.Started)
        {
            if (ChatErrors.IsUnexpected(ex))
            {
                Log.Failed(logger, model, ex);
            }
            else
            {
                Log.Refused(logger, model, ex.GetType().Name);
            }

            var error = ChatErrors.Describe(ex, model);
            context.Response.StatusCode = error.Status;
            await context.Response.WriteErrorAsync(error.Message, error.Type, error.Code);
        }
    }

    /// <summary>The updates of an enumerator already moved once (<paramref name="any"/>: whether it had a first).</summary>
    private static async IAsyncEnumerable<Microsoft.Extensions.AI.ChatResponseUpdate> Remaining(IAsyncEnumerator<Microsoft.Extensions.AI.ChatResponseUpdate> updates, bool any)
    {
        while (any)
        {
            yield return updates.Current;
            any = await updates.MoveNextAsync();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Chat request for model {Model} failed")]
        public static partial void Failed(ILogger logger, string model, Exception exception);

        [LoggerMessage(2, LogLevel.Debug, "Chat request for model {Model} refused or failed at its provider: {Kind}")]
        public static partial void Refused(ILogger logger, string model, string kind);
    }
}
