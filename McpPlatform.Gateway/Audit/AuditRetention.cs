using McpPlatform.Gateway.Storage;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Audit;

/// <summary>
/// Deletes audit entries older than <see cref="AuditOptions.Retention"/> once the database is ready and then every
/// <see cref="AuditOptions.CleanupInterval"/>. Every gateway process runs it; deleting is idempotent. Off when the
/// retention is zero.
/// </summary>
internal sealed partial class AuditRetention(
    AuditRepository repository, GatewayDatabase database, IOptions<AuditOptions> options, TimeProvider timeProvider, ILogger<AuditRetention> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retention = options.Value.Retention;
        if (retention == TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await database.WhenReadyAsync(stoppingToken);
            using var timer = new PeriodicTimer(options.Value.CleanupInterval, timeProvider);
            do
            {
                try
                {
                    var deleted = await repository.DeleteOlderThanAsync(timeProvider.GetUtcNow() - retention, stoppingToken);
                    if (deleted > 0)
                    {
                        Log.Deleted(logger, deleted, retention);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.Failed(logger, DatabaseErrors.Describe(ex), ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Audit: deleted {Count} entries older than {Retention}")]
        public static partial void Deleted(ILogger logger, long count, TimeSpan retention);

        [LoggerMessage(2, LogLevel.Warning, "Audit: deleting old entries failed ({Reason}); trying again at the next cleanup")]
        public static partial void Failed(ILogger logger, string reason, Exception exception);
    }
}
