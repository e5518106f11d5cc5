using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Storage;

/// <summary>
/// Applies the gateway database's migrations at start, and again every <see cref="GatewayDatabaseOptions.RetryInterval"/>
/// while the database is unreachable or refuses; meanwhile the gateway serves its configuration keys and <c>/health</c>
/// says why it is not ready. Marks <see cref="GatewayDatabase"/> ready on success.
/// </summary>
internal sealed partial class DatabaseStartup(
    GatewayDatabase database, IOptions<GatewayDatabaseOptions> options, TimeProvider timeProvider, ILogger<DatabaseStartup> logger)
    : BackgroundService
{
    /// <summary>While retrying, one warning per this many attempts (the first included): the reason stays in /health.</summary>
    private const int LogEvery = 12;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                var applied = await MigrationRunner.ApplyAsync(database.DataSource, Migration.Embedded, logger, stoppingToken);
                database.ReportReady();
                Log.Ready(logger, applied.Count, attempt);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Whatever went wrong, the gateway keeps running on its configuration keys and tries again.
                var reason = DatabaseErrors.Describe(ex);
                database.ReportNotReady(reason);
                if (attempt % LogEvery == 1)
                {
                    Log.NotReady(logger, attempt, reason, options.Value.RetryInterval, ex);
                }
            }

            try
            {
                await Task.Delay(options.Value.RetryInterval, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Gateway database ready: {Applied} migrations applied (attempt {Attempt})")]
        public static partial void Ready(ILogger logger, int applied, int attempt);

        [LoggerMessage(2, LogLevel.Warning, "Gateway database not ready (attempt {Attempt}): {Reason}; retrying every {RetryInterval}, configuration keys keep working")]
        public static partial void NotReady(ILogger logger, int attempt, string reason, TimeSpan retryInterval, Exception exception);
    }
}
