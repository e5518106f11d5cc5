using System.Threading.Channels;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.StatelessInput;

/// <summary>
/// One upstream tool call of a stateless (2026-07-28) client that is waiting for that client's input. The upstream
/// asks (sampling, elicitation, roots) through the call's own upstream client; each question becomes an entry of an
/// input-required result, and the client's retry, carrying the answers and the call's id as request state, resumes it.
/// </summary>
internal sealed class PendingCall
{
    private readonly Channel<Question> questions = Channel.CreateUnbounded<Question>();
    private readonly Dictionary<string, Question> asked = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private readonly CancellationTokenSource ended = new();

    public PendingCall(string id, string keyName, string toolName, RentedClient client, TimeSpan inputTimeout, TimeProvider time)
    {
        Lifetime = new CancellationTokenSource(inputTimeout, time);
        Id = id;
        KeyName = keyName;
        ToolName = toolName;
        Client = client;
        InputTimeout = inputTimeout;
    }

    /// <summary>The opaque request state the client echoes back: an unguessable id.</summary>
    public string Id { get; }

    /// <summary>The key that started the call; only it may resume it.</summary>
    public string KeyName { get; }

    /// <summary>The tool (as the client named it) the call is for.</summary>
    public string ToolName { get; }

    public RentedClient Client { get; }

    /// <summary>Cancels the upstream call when the client stops answering for <see cref="InputTimeout"/>.</summary>
    public CancellationTokenSource Lifetime { get; }

    public TimeSpan InputTimeout { get; }

    /// <summary>The upstream call, running under <see cref="Lifetime"/> rather than any one HTTP request.</summary>
    public Task<CallToolResult> Call { get; set; } = null!;

    /// <summary>Called by the upstream client's handlers: asks the downstream client and waits for its answer.</summary>
    public async Task<InputResponse> AskAsync(InputRequest request, CancellationToken cancellationToken)
    {
        var question = new Question(Guid.NewGuid().ToString("N"), request, new TaskCompletionSource<InputResponse>(TaskCreationOptions.RunContinuationsAsynchronously));
        await using var cancelled = cancellationToken.Register(() => question.Answer.TrySetCanceled(cancellationToken));
        await using var abandoned = ended.Token.Register(() => question.Answer.TrySetCanceled(ended.Token));
        await questions.Writer.WriteAsync(question, cancellationToken);
        return await question.Answer.Task;
    }

    /// <summary>
    /// The upstream call has ended (the upstream was told when it was cancelled): questions still unanswered are failed
    /// now, not when <see cref="Lifetime"/> runs out, so an upstream learns of an abandoned call as a cancellation.
    /// </summary>
    public void End() => ended.Cancel(); // not disposed: a question that comes later is failed at once

    /// <summary>Waits until the call ends (its result) or asks something (null: see <see cref="TakeQuestions"/>).</summary>
    public async Task<CallToolResult?> NextAsync(CancellationToken cancellationToken)
    {
        var asking = questions.Reader.WaitToReadAsync(cancellationToken).AsTask();
        return await Task.WhenAny(Call, asking) == Call ? await Call : null;
    }

    /// <summary>The questions not yet sent to the client, by the key its answer must carry.</summary>
    public Dictionary<string, InputRequest> TakeQuestions()
    {
        var taken = new Dictionary<string, InputRequest>(StringComparer.Ordinal);
        lock (gate)
        {
            while (questions.Reader.TryRead(out var question))
            {
                asked[question.Key] = question;
                taken[question.Key] = question.Request;
            }
        }

        return taken;
    }

    /// <summary>Hands the client's answers to the questions waiting for them; the client is active again.</summary>
    public void Answer(IDictionary<string, InputResponse>? answers)
    {
        try
        {
            Lifetime.CancelAfter(InputTimeout);
        }
        catch (ObjectDisposedException)
        {
            return; // the call has just ended; its result is what the caller gets next
        }

        lock (gate)
        {
            foreach (var (key, answer) in answers ?? new Dictionary<string, InputResponse>())
            {
                if (asked.Remove(key, out var question))
                {
                    question.Answer.TrySetResult(answer);
                }
            }
        }
    }

    private sealed record Question(string Key, InputRequest Request, TaskCompletionSource<InputResponse> Answer);
}
