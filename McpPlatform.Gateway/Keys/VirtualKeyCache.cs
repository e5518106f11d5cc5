using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Keys;

/// <summary>
/// This process's copy of the virtual keys table, kept current by <see cref="VirtualKeyFeed"/>: what authentication
/// consults, in memory, without a database round trip per request. Empty (every virtual key refused) until the first
/// load, when the gateway database is not configured, and after <see cref="VirtualKeyOptions.MaxStaleness"/> without a
/// successful read.
/// </summary>
public sealed class VirtualKeyCache(TimeProvider timeProvider, IOptions<VirtualKeyOptions> options)
{
    private VirtualKeySnapshot snapshot = VirtualKeySnapshot.Empty;
    private long lastRefreshedTicks;

    /// <summary>
    /// Raised after a new snapshot is published, on the feed's thread (e.g. to end sessions of revoked keys). Handlers must be
    /// quick and must not throw: the feed would take the exception for a failed read and retry.
    /// </summary>
    public event Action<VirtualKeySnapshot>? Changed;

    /// <summary>The current copy, whatever its age.</summary>
    public VirtualKeySnapshot Snapshot => snapshot;

    /// <summary>True when the copy is loaded and fresh enough to authenticate with.</summary>
    public bool IsUsable =>
        snapshot.Version >= 0
        && timeProvider.GetUtcNow() - new DateTimeOffset(Interlocked.Read(ref lastRefreshedTicks), TimeSpan.Zero) <= options.Value.MaxStaleness;

    /// <summary>The virtual key a client presented, whatever its status; null when unknown or when the copy is not usable.</summary>
    public VirtualKey? Find(string presentedKey) =>
        presentedKey.StartsWith(KeySecret.KeyStart, StringComparison.Ordinal) && IsUsable
            ? snapshot.FindByDigest(KeySecret.DigestHex(presentedKey))
            : null;

    /// <summary>Whether the key is accepted now, on this cache's clock.</summary>
    public VirtualKeyStatus StatusOf(VirtualKey key) => key.StatusAt(timeProvider.GetUtcNow());

    /// <summary>The virtual key a client presented if it is accepted now (not revoked, disabled or expired); else null.</summary>
    public VirtualKey? FindActive(string presentedKey) =>
        Find(presentedKey) is { } key && key.StatusAt(timeProvider.GetUtcNow()) == VirtualKeyStatus.Active ? key : null;

    /// <summary>The virtual key with this id if it is accepted now; else null (also when the copy is not usable).</summary>
    public VirtualKey? FindActiveById(string id) =>
        id.StartsWith(KeySecret.IdStart, StringComparison.Ordinal) && IsUsable
        && snapshot.FindById(id) is { } key && key.StatusAt(timeProvider.GetUtcNow()) == VirtualKeyStatus.Active
            ? key
            : null;

    /// <summary>Takes a newer copy (the feed's, or an admin write's on this process); an older one read meanwhile is dropped.</summary>
    internal void Publish(VirtualKeySnapshot next)
    {
        var current = snapshot;
        while (next.Version >= current.Version)
        {
            if (Interlocked.CompareExchange(ref snapshot, next, current) == current)
            {
                MarkRefreshed();
                Changed?.Invoke(next);
                return;
            }

            current = snapshot;
        }

        MarkRefreshed();
    }

    internal void MarkRefreshed() => Interlocked.Exchange(ref lastRefreshedTicks, timeProvider.GetUtcNow().UtcTicks);
}
