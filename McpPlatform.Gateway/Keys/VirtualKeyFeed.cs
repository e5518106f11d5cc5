using McpPlatform.Gateway.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace McpPlatform.Gateway.Keys;

/// <summary>
/// Keeps <see cref="VirtualKeyCache"/> current: LISTENs for the table's change notifications on one connection and, on
/// each notification or every <see cref="VirtualKeyOptions.PollInterval"/>, reads the table's version and reloads the
/// keys when it moved. A change made through any gateway process is seen by every other within milliseconds with
/// notifications, within one poll interval without. While the database is unreachable the last copy is kept (up to
/// <see cref="VirtualKeyOptions.MaxStaleness"/>) and the feed retries.
/// </summary>
internal sealed partial class VirtualKeyFeed(
    GatewayDatabase database,
    VirtualKeyRepository repository,
    VirtualKeyCache cache,
    IOptions<VirtualKeyOptions> options,
    TimeProvider timeProvider,
    ILogger<VirtualKeyFeed> logger)
    : BackgroundService
{
    public const string Channel = "virtual_keys_changed";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await database.WhenReadyAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        NpgsqlConnection? listener = null;
        var failing = false;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (listener is null && options.Value.UseNotifications)
                    {
                        listener = await ListenAsync(stoppingToken);
                    }

                    await RefreshAsync(stoppingToken);
                    if (failing)
                    {
                        Log.Recovered(logger, cache.Snapshot.Keys.Count);
                        failing = false;
                    }

                    if (listener is not null)
                    {
                        await listener.WaitAsync(options.Value.PollInterval, stoppingToken);
                    }
                    else
                    {
                        await Task.Delay(options.Value.PollInterval, timeProvider, stoppingToken);
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    if (!failing)
                    {
                        Log.Failing(logger, DatabaseErrors.Describe(ex), options.Value.MaxStaleness, ex);
                        failing = true;
                    }

                    if (listener is not null)
                    {
                        await listener.DisposeAsync();
                        listener = null;
                    }

                    try
                    {
                        await Task.Delay(options.Value.PollInterval, timeProvider, stoppingToken);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }
        }
        finally
        {
            if (listener is not null)
            {
                await listener.DisposeAsync();
            }
        }
    }

    /// <summary>Reloads the keys when the table's version moved since the copy was read.</summary>
    internal async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var version = await repository.ReadVersionAsync(cancellationToken);
        if (version == cache.Snapshot.Version)
        {
            cache.MarkRefreshed();
            return;
        }

        var snapshot = await repository.LoadSnapshotAsync(cancellationToken);
        cache.Publish(snapshot);
        Log.Loaded(logger, snapshot.Keys.Count, snapshot.Version);
    }

    private async Task<NpgsqlConnection> ListenAsync(CancellationToken cancellationToken)
    {
        var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand($"LISTEN {Channel}", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Virtual keys loaded: {Count} at version {Version}")]
        public static partial void Loaded(ILogger logger, int count, long version);

        [LoggerMessage(2, LogLevel.Warning, "Virtual keys cannot be read ({Reason}): keeping the last copy for at most {MaxStaleness}, retrying")]
        public static partial void Failing(ILogger logger, string reason, TimeSpan maxStaleness, Exception exception);

        [LoggerMessage(3, LogLevel.Information, "Virtual keys readable again: {Count} keys")]
        public static partial void Recovered(ILogger logger, int count);
    }
}
