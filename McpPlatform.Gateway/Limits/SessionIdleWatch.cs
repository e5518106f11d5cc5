namespace McpPlatform.Gateway.Limits;

/// <summary>
/// Ends a legacy SSE session that has gone <see cref="LimitOptions.SessionIdleTimeout"/> without a request. The MCP SDK
/// times out idle streamable HTTP sessions itself but keeps an SSE session as long as its GET stream is open, so a
/// client that opens streams and never speaks would hold its session (and its upstream processes) for ever. A request
/// in flight counts as activity, and the idle time starts again when it ends.
/// </summary>
internal sealed class SessionIdleWatch : IDisposable
{
    private readonly TimeProvider timeProvider;
    private readonly TimeSpan timeout;
    private readonly CancellationTokenSource expired = new(); // never disposed: the timer may still cancel it after Dispose
    private readonly ITimer timer;
    private readonly Lock gate = new();
    private long lastActivity;
    private int inFlight;
    private bool disposed;

    public SessionIdleWatch(TimeProvider timeProvider, TimeSpan timeout)
    {
        this.timeProvider = timeProvider;
        this.timeout = timeout;
        lastActivity = timeProvider.GetTimestamp();
        timer = timeProvider.CreateTimer(_ => Check(), state: null, timeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Cancelled once the session has been idle for the timeout.</summary>
    public CancellationToken Expired => expired.Token;

    /// <summary>A request of the session starts; disposing the result says it ended.</summary>
    public IDisposable Begin()
    {
        lock (gate)
        {
            inFlight++;
            lastActivity = timeProvider.GetTimestamp();
        }

        return new Activity(this);
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
        }

        timer.Dispose();
    }

    private void End()
    {
        lock (gate)
        {
            inFlight--;
            lastActivity = timeProvider.GetTimestamp();
        }
    }

    private void Check()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            var idle = timeProvider.GetElapsedTime(lastActivity);
            if (inFlight > 0 || idle < timeout)
            {
                // Busy, or active since: look again when the current idle time would reach the timeout.
                timer.Change(inFlight > 0 ? timeout : timeout - idle, Timeout.InfiniteTimeSpan);
                return;
            }
        }

        expired.Cancel(); // outside the lock: it runs the session's shutdown, which may end requests (End takes the lock)
    }

    private sealed class Activity(SessionIdleWatch watch) : IDisposable
    {
        private int ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref ended, 1) == 0)
            {
                watch.End();
            }
        }
    }
}
