using McpPlatform.Gateway.Configuration;
using ModelContextProtocol.Protocol;
using Polly;
using Polly.CircuitBreaker;

namespace McpPlatform.Gateway.Upstreams;

/// <summary>
/// What the gateway knows of one upstream's health: up or down (down from its first failure until a request succeeds
/// again; a change hides or shows its tools and sends <c>list_changed</c>), its last error and latency, and a circuit
/// breaker (Polly) that skips a server that keeps failing (<see cref="CircuitBreakerOptions.FailuresToOpen"/> failures since it went
/// down, none succeeding) until a probe succeeds. Lock-free on the call path: a
/// success that changes nothing is two reads and one write, and while the server is up and the breaker closed, calls do
/// not run through the breaker at all (<see cref="BreakerIdle"/>: it counts from when the server goes down, so it has
/// nothing to count until then; Polly's breaker takes its lock twice per call).
/// </summary>
public sealed class UpstreamHealth
{
    private readonly string server;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly UpstreamEvents? events;
    private readonly UpstreamMetrics metrics;
    private readonly CircuitBreakerStateProvider breakerState = new();
    private readonly CircuitBreakerManualControl breakerControl = new();
    private int consecutiveFailures;
    private int contacted;
    private string? lastError;
    private long checkedAtTicks;
    private long latencyMicroseconds = -1;
    private long listMissedAtTicks;
    private int breakerEngaged;

    /// <param name="server">The server's canonical name.</param>
    /// <param name="breaker">When the breaker opens.</param>
    /// <param name="time">The clock (also the breaker's).</param>
    /// <param name="logger">Where state changes are logged.</param>
    /// <param name="events">Told of state changes (shared clients only: a session's own clients see the same server).</param>
    /// <param name="metrics">The gateway's upstream metrics.</param>
    public UpstreamHealth(string server, CircuitBreakerOptions breaker, TimeProvider time, ILogger logger, UpstreamEvents? events, UpstreamMetrics metrics)
    {
        this.server = server;
        this.time = time;
        this.logger = logger;
        this.events = events;
        this.metrics = metrics;
        Breaker = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 1.0,
                MinimumThroughput = breaker.FailuresToOpen,
                SamplingDuration = breaker.SamplingDuration,
                BreakDurationGenerator = arguments => ValueTask.FromResult(TimeSpan.FromSeconds(
                    Math.Min(breaker.MaxBreakDuration.TotalSeconds, Math.Pow(2, Math.Min(arguments.HalfOpenAttempts, 16))))),
                ShouldHandle = new PredicateBuilder().Handle<UpstreamUnavailableException>(),
                StateProvider = breakerState,
                ManualControl = breakerControl,
                OnOpened = arguments =>
                {
                    Volatile.Write(ref breakerEngaged, 1);
                    logger.LogWarning("Upstream {Server} keeps failing: skipped for {Break} before the next probe", server, arguments.BreakDuration);
                    metrics.BreakerOpened(server);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    Volatile.Write(ref breakerEngaged, 0);
                    logger.LogInformation("Upstream {Server} answered a probe: no longer skipped", server);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Every request to the upstream runs through it (see <see cref="Upstream"/>).</summary>
    public ResiliencePipeline Breaker { get; }

    /// <summary>
    /// Up, and the breaker closed since it last opened: a request may skip the breaker (a failure is then handed to it
    /// with <see cref="CountFailureAsync"/>, so that it counts exactly what it would have seen).
    /// </summary>
    public bool BreakerIdle => Volatile.Read(ref consecutiveFailures) == 0 && Volatile.Read(ref breakerEngaged) == 0;

    /// <summary>Failed since it last answered: its tools are left out of lists.</summary>
    public bool IsDown => Volatile.Read(ref consecutiveFailures) > 0;

    /// <summary>The breaker's state: <c>closed</c>, <c>open</c> (skipped), <c>half-open</c> (a probe is allowed).</summary>
    public string BreakerState => breakerState.CircuitState switch
    {
        CircuitState.Open or CircuitState.Isolated => "open",
        CircuitState.HalfOpen => "half-open",
        _ => "closed",
    };

    public string? LastError => Volatile.Read(ref lastError);

    public bool Contacted => Volatile.Read(ref contacted) == 1;

    public DateTimeOffset? CheckedAt => Ticks(Volatile.Read(ref checkedAtTicks));

    /// <summary>When a first listing last kept a request waiting past the list deadline (null once it answered).</summary>
    public DateTimeOffset? ListDeadlineMissedAt => Ticks(Volatile.Read(ref listMissedAtTicks));

    public double? LatencyMs => Volatile.Read(ref latencyMicroseconds) is var micros and >= 0 ? micros / 1000.0 : null;

    /// <summary>The upstream answered (possibly with an error of its own): it is up.</summary>
    public void RecordSuccess()
    {
        Volatile.Write(ref checkedAtTicks, time.GetUtcNow().UtcTicks);
        if (Volatile.Read(ref consecutiveFailures) == 0 && Volatile.Read(ref contacted) == 1)
        {
            return;
        }

        var wasDown = Interlocked.Exchange(ref consecutiveFailures, 0) > 0;
        var first = Interlocked.Exchange(ref contacted, 1) == 0;
        if (wasDown || first)
        {
            Volatile.Write(ref lastError, null);
            logger.LogInformation("Upstream {Server} is up", server);
            events?.RaiseListChanged(server, NotificationMethods.ToolListChangedNotification); // its tools are listed (again)
        }
    }

    /// <summary>The upstream failed (unreachable, timed out, its session or process ended).</summary>
    public void RecordFailure(Exception exception)
    {
        Volatile.Write(ref lastError, UpstreamErrorText.Summarize(exception.Message));
        Volatile.Write(ref checkedAtTicks, time.GetUtcNow().UtcTicks);
        Volatile.Write(ref contacted, 1);
        if (Interlocked.Increment(ref consecutiveFailures) == 1)
        {
            // Just went down: its tools leave the lists; the whole message (a stdio server's stderr tail) goes to the log.
            // The breaker counts from here: the successes from before it went down do not keep it closed.
            _ = breakerControl.CloseAsync();
            logger.LogWarning(exception, "Upstream {Server} is down", server);
            metrics.WentDown(server);
            events?.RaiseListChanged(server, NotificationMethods.ToolListChangedNotification);
        }
    }

    /// <summary>Counts a failure of a request that skipped the breaker (<see cref="BreakerIdle"/>), as if it had run through it.</summary>
    public async Task CountFailureAsync(UpstreamUnavailableException failure)
    {
        try
        {
            await Breaker.ExecuteAsync(static (failure, _) => ValueTask.FromException(failure), failure, CancellationToken.None);
        }
        catch (Exception ex) when (ex == failure || ex is BrokenCircuitException)
        {
            // Counted (the breaker rethrows what it counts; a breaker that just opened refuses instead).
        }
    }

    public void RecordLatency(TimeSpan latency) => Volatile.Write(ref latencyMicroseconds, (long)latency.TotalMicroseconds);

    /// <summary>A request went on without this server's list (see <see cref="ListCache{T}"/>): logged, counted, shown in its status.</summary>
    public void RecordListDeadlineMissed(string kind)
    {
        Volatile.Write(ref listMissedAtTicks, time.GetUtcNow().UtcTicks);
        logger.LogWarning("Upstream {Server} did not list its {Kind} within the list deadline: left out until it does", server, kind);
        metrics.ListDeadlineMissed(server, kind);
    }

    /// <summary>A listing came in: the server is no longer missing from lists.</summary>
    public void RecordListed() => Volatile.Write(ref listMissedAtTicks, 0);

    private static DateTimeOffset? Ticks(long ticks) => ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
}
