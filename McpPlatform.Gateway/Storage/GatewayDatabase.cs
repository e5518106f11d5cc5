using Npgsql;

namespace McpPlatform.Gateway.Storage;

/// <summary>
/// The gateway's own database and whether it can be used yet: ready once its migrations have been applied
/// (<see cref="DatabaseStartup"/>); until then <see cref="NotReadyReason"/> says why not. The stores wait for
/// <see cref="WhenReadyAsync"/> in the background and refuse calls with <see cref="StorageUnavailableException"/>.
/// </summary>
public sealed class GatewayDatabase
{
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly NpgsqlDataSource? dataSource;
    private volatile string notReadyReason;

    /// <param name="dataSource">The database; null when none is configured (the gateway then runs on configuration keys only).</param>
    public GatewayDatabase(NpgsqlDataSource? dataSource)
    {
        this.dataSource = dataSource;
        notReadyReason = dataSource is null
            ? $"not configured (ConnectionStrings:{GatewayDatabaseOptions.ConnectionName} is not set)"
            : "the database has not been reached yet";
    }

    /// <summary>False when no connection string is set: the stores then always refuse, with that reason.</summary>
    public bool IsConfigured => dataSource is not null;

    /// <summary>Connections to the database (pooled; Aspire's Npgsql client integration: traces, metrics, logs).</summary>
    /// <exception cref="StorageUnavailableException">No database is configured.</exception>
    public NpgsqlDataSource DataSource => dataSource ?? throw new StorageUnavailableException(notReadyReason);

    /// <summary>True once the schema is current.</summary>
    public bool IsReady => ready.Task.IsCompleted;

    /// <summary>Why the database cannot be used yet (no secret, no connection string); null once ready.</summary>
    public string? NotReadyReason => IsReady ? null : notReadyReason;

    /// <summary>Completes when the schema is current.</summary>
    public Task WhenReadyAsync(CancellationToken cancellationToken) => ready.Task.WaitAsync(cancellationToken);

    /// <summary>Throws <see cref="StorageUnavailableException"/> unless the database is ready.</summary>
    public void ThrowIfNotReady()
    {
        if (!IsReady)
        {
            throw new StorageUnavailableException(notReadyReason);
        }
    }

    internal void ReportReady() => ready.TrySetResult();

    internal void ReportNotReady(string reason) => notReadyReason = reason;
}
