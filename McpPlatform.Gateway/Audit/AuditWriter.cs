using McpPlatform.Gateway.Storage;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Audit;

/// <summary>
/// Empties the <see cref="AuditLog"/> buffer into the database: waits up to <see cref="AuditOptions.FlushInterval"/> to
/// gather a batch of up to <see cref="AuditOptions.BatchSize"/>, writes it in one COPY, and on a connection or server
/// failure keeps the batch and tries again every <see cref="AuditOptions.RetryInterval"/> (new entries queue behind it
/// until the buffer is full). A batch the database refuses for its data is dropped and counted. On a graceful stop the
/// buffer is closed and everything queued is written before the host's shutdown timeout; what is still left then is
/// counted as dropped.
/// </summary>
internal sealed partial class AuditWriter(
    AuditLog log,
    AuditRepository repository,
    GatewayDatabase database,
    AuditMetrics metrics,
    IOptions<AuditOptions> options,
    TimeProvider timeProvider,
    ILogger<AuditWriter> logger)
    : IHostedService, IDisposable
{
    private readonly CancellationTokenSource abort = new();
    private readonly CancellationTokenSource flushNow = new();
    private Task running = Task.CompletedTask;
    private volatile bool stopping;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        running = Task.Run(() => RunAsync(abort.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        stopping = true;
        log.Complete();
        await flushNow.CancelAsync();
        if (!database.IsReady)
        {
            // Never reached: nothing queued can be written, and waiting would only delay the stop.
            await abort.CancelAsync();
        }

        // Past the host's shutdown timeout, writing stops: what is left is counted as lost.
        await using (cancellationToken.Register(abort.Cancel))
        {
            await running;
        }

        var left = 0;
        while (log.Reader.TryRead(out _))
        {
            left++;
        }

        if (left > 0)
        {
            log.CountDropped(left, "shutdown");
            Log.LostAtShutdown(logger, left);
        }
    }

    public void Dispose()
    {
        abort.Dispose();
        flushNow.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var batch = new List<AuditEntry>(options.Value.BatchSize);
        try
        {
            await database.WhenReadyAsync(cancellationToken);
            while (await log.Reader.WaitToReadAsync(cancellationToken))
            {
                if (log.Reader.Count < options.Value.BatchSize && !flushNow.IsCancellationRequested)
                {
                    await DelayAsync(options.Value.FlushInterval, flushNow.Token, cancellationToken);
                }

                while (batch.Count < options.Value.BatchSize && log.Reader.TryRead(out var entry))
                {
                    batch.Add(entry);
                }

                await WriteAsync(batch, cancellationToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Aborted: a batch in hand is lost too (StopAsync counts what is still buffered).
            log.CountDropped(batch.Count, "shutdown");
        }
    }

    private async Task WriteAsync(List<AuditEntry> batch, CancellationToken cancellationToken)
    {
        for (var failures = 0; ; failures++)
        {
            try
            {
                await repository.WriteAsync(batch, cancellationToken);
                metrics.Written(batch.Count);
                if (failures > 0)
                {
                    Log.Recovered(logger, batch.Count);
                }

                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (stopping)
                {
                    // No retries during a stop: the rest of the buffer is tried once, then the host stops.
                    log.CountDropped(batch.Count, "shutdown");
                    Log.Rejected(logger, batch.Count, DatabaseErrors.Describe(ex), ex);
                    return;
                }

                if (!DatabaseErrors.IsTransient(ex))
                {
                    log.CountDropped(batch.Count, "rejected");
                    Log.Rejected(logger, batch.Count, DatabaseErrors.Describe(ex), ex);
                    return;
                }

                if (failures == 0)
                {
                    Log.Retrying(logger, batch.Count, DatabaseErrors.Describe(ex), options.Value.RetryInterval, ex);
                }
            }

            await Task.Delay(options.Value.RetryInterval, timeProvider, cancellationToken);
        }
    }

    /// <summary>Waits for a fuller batch; a stop ends the wait early (not an error).</summary>
    private async Task DelayAsync(TimeSpan delay, CancellationToken flush, CancellationToken cancellationToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(flush, cancellationToken);
        try
        {
            await Task.Delay(delay, timeProvider, either.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Audit: writing {Count} entries failed ({Reason}); retrying every {RetryInterval}, new entries are buffered")]
        public static partial void Retrying(ILogger logger, int count, string reason, TimeSpan retryInterval, Exception exception);

        [LoggerMessage(2, LogLevel.Information, "Audit: writing works again ({Count} entries written)")]
        public static partial void Recovered(ILogger logger, int count);

        [LoggerMessage(3, LogLevel.Error, "Audit: the database refused {Count} entries ({Reason}); they are dropped")]
        public static partial void Rejected(ILogger logger, int count, string reason, Exception exception);

        [LoggerMessage(4, LogLevel.Warning, "Audit: {Count} entries could not be written before shutdown and are lost")]
        public static partial void LostAtShutdown(ILogger logger, int count);
    }
}
