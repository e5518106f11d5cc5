using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using McpPlatform.Gateway.Audit;
using McpPlatform.Gateway.Storage;
using McpPlatform.Gateway.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Tests.Audit;

/// <summary>One gateway process's audit log on a database: buffer, writer and repository, with its metrics recorded.</summary>
internal sealed class AuditTestHost : IDisposable
{
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener listener = new();

    public AuditTestHost(GatewayDatabase database, AuditOptions options, TimeProvider? timeProvider = null)
    {
        var time = timeProvider ?? TimeProvider.System;
        var settings = Options.Create(options);
        var metrics = new AuditMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        Log = new AuditLog(enabled: true, settings, metrics, time);
        Repository = new AuditRepository(database);
        Writer = new AuditWriter(Log, Repository, database, metrics, settings, time, NullLogger<AuditWriter>.Instance);

        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == metrics.Meter)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var reason = tags.ToArray().FirstOrDefault(tag => tag.Key == "reason").Value as string;
            Measurements.AddOrUpdate(instrument.Name + (reason is null ? string.Empty : ":" + reason), value, (_, sum) => sum + value);
        });
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Measurements[instrument.Name] = value);
        listener.Start();
    }

    public AuditLog Log { get; }

    public AuditRepository Repository { get; }

    public AuditWriter Writer { get; }

    /// <summary>Counter sums by name (and <c>:reason</c>), gauges by their last observed value.</summary>
    public ConcurrentDictionary<string, long> Measurements { get; } = new();

    public long Measured(string name)
    {
        listener.RecordObservableInstruments();
        return Measurements.GetValueOrDefault(name);
    }

    public static AuditEntry Entry(int n, string key = "vk_test", string server = "postgres_main", string tool = "list_schemas", AuditOutcome outcome = AuditOutcome.Ok, DateTimeOffset? at = null) => new()
    {
        Timestamp = at ?? DateTimeOffset.UtcNow,
        KeyId = key,
        Server = server,
        Method = "tools/call",
        Target = tool,
        Outcome = outcome,
        Reason = outcome == AuditOutcome.Refused ? "tool_denied" : null,
        Duration = TimeSpan.FromMilliseconds(n % 50),
        RequestBytes = 100 + n,
        ResponseBytes = 1000 + n,
        SessionId = "session-" + (n % 3),
        Arguments = """{"sql":"SELECT 1"}""",
        Result = """{"content":[]}""",
    };

    public static Task<long> CountAsync(GatewayDatabase database, string where = "true") =>
        GatewayPostgres.ScalarAsync<long>(database.DataSource, $"SELECT count(*) FROM audit_log WHERE {where}");

    public void Dispose()
    {
        listener.Dispose();
        Writer.Dispose();
        services.Dispose();
    }
}
