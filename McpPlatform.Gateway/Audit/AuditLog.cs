using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Audit;

/// <summary>
/// Where the call path records audit entries: a bounded in-memory buffer that <see cref="AuditWriter"/> empties into the
/// gateway database in batches. <see cref="Record"/> never waits: when the buffer is full (the database down or slower
/// than the traffic) the entry is dropped and counted, and <c>/health</c> reports the audit log degraded.
/// </summary>
public sealed class AuditLog
{
    private const int MaxNameLength = 512;
    private const int MaxUriLength = 2048;

    private readonly Channel<AuditEntry> buffer;
    private readonly AuditOptions options;
    private readonly AuditMetrics metrics;
    private readonly TimeProvider timeProvider;
    private long dropped;
    private long lastDropTicks;

    internal AuditLog(bool enabled, IOptions<AuditOptions> options, AuditMetrics metrics, TimeProvider timeProvider)
    {
        this.options = options.Value;
        this.metrics = metrics;
        this.timeProvider = timeProvider;
        IsEnabled = enabled && this.options.Enabled;
        Capacity = this.options.BufferCapacity;
        // Wait mode: TryWrite answers false when full instead of silently dropping, so every loss is counted.
        buffer = Channel.CreateBounded<AuditEntry>(new BoundedChannelOptions(Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        metrics.Meter.CreateObservableGauge("mcpplatform.gateway.audit.buffer_depth", () => Depth, "{entry}", "Audit entries waiting to be written.");
    }

    /// <summary>False when the gateway database is not configured or <c>Gateway:Audit:Enabled</c> is off: nothing is recorded.</summary>
    public bool IsEnabled { get; }

    /// <summary>Whether arguments and results are kept (<c>Gateway:Audit:StorePayloads</c>); when not, the caller need not serialize them.</summary>
    public bool StoresPayloads => options.StorePayloads;

    /// <summary>Entries the buffer holds at most.</summary>
    public int Capacity { get; }

    /// <summary>Entries waiting to be written.</summary>
    public int Depth => buffer.Reader.Count;

    /// <summary>Entries lost since start (buffer full, refused by the database, or left at shutdown).</summary>
    public long DroppedCount => Interlocked.Read(ref dropped);

    /// <summary>When the last entry was lost; null if none was.</summary>
    public DateTimeOffset? LastDropAt => Interlocked.Read(ref lastDropTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>
    /// Queues an entry for writing without waiting. Client-supplied text is cut to bounded lengths and cleaned of what
    /// PostgreSQL text cannot hold (NUL, unpaired surrogates), so one hostile request cannot spoil a batch. Arguments and
    /// result are dropped unless <see cref="StoresPayloads"/>, else truncated. False when not recorded.
    /// </summary>
    public bool Record(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!IsEnabled)
        {
            return false;
        }

        var keyId = Clean(entry.KeyId, MaxNameLength)!;
        var server = Clean(entry.Server, MaxNameLength);
        var method = Clean(entry.Method, MaxNameLength)!;
        var target = Clean(entry.Target, MaxUriLength);
        var reason = Clean(entry.Reason, MaxUriLength);
        var sessionId = Clean(entry.SessionId, MaxNameLength);
        var arguments = options.StorePayloads ? Clean(entry.Arguments, options.MaxPayloadLength) : null;
        var result = options.StorePayloads ? Clean(entry.Result, options.MaxPayloadLength) : null;

        // The usual entry needs no cleaning: queued as it is, without a copy (the call path's one allocation here).
        var clean = entry.Id == 0 && ReferenceEquals(keyId, entry.KeyId) && ReferenceEquals(server, entry.Server) && ReferenceEquals(method, entry.Method)
            && ReferenceEquals(target, entry.Target) && ReferenceEquals(reason, entry.Reason) && ReferenceEquals(sessionId, entry.SessionId)
            && ReferenceEquals(arguments, entry.Arguments) && ReferenceEquals(result, entry.Result)
            ? entry
            : entry with
            {
                Id = 0,
                KeyId = keyId,
                Server = server,
                Method = method,
                Target = target,
                Reason = reason,
                SessionId = sessionId,
                Arguments = arguments,
                Result = result,
            };
        if (buffer.Writer.TryWrite(clean))
        {
            return true;
        }

        CountDropped(1, "buffer_full");
        return false;
    }

    internal ChannelReader<AuditEntry> Reader => buffer.Reader;

    /// <summary>No more entries (shutdown): later ones are dropped and counted; the writer drains what is queued.</summary>
    internal void Complete() => buffer.Writer.TryComplete();

    internal void CountDropped(long count, string reason)
    {
        if (count <= 0)
        {
            return;
        }

        Interlocked.Add(ref dropped, count);
        Interlocked.Exchange(ref lastDropTicks, timeProvider.GetUtcNow().UtcTicks);
        metrics.Dropped(count, reason);
    }

    private static string? Clean(string? text, int maxLength)
    {
        if (text is null)
        {
            return null;
        }

        if (text.Length > maxLength)
        {
            // Not between the halves of a surrogate pair.
            var cut = char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength;
            text = text[..cut];
        }

        foreach (var c in text)
        {
            if (c == '\0' || char.IsSurrogate(c))
            {
                // Encoding replaces unpaired surrogates with U+FFFD; pairs survive.
                return System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(text)).Replace('\0', '\uFFFD');
            }
        }

        return text;
    }
}
