using System.Threading.RateLimiting;
using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Keys;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Limits;

/// <summary>
/// Counts sessions, upstream clients of their own and calls in flight per key and in total, and refuses one past its
/// limit. A granted permit is a lease: disposing it (once or more) gives the permit back, so holders tie it to the
/// session's or call's lifetime with <c>using</c>/<c>finally</c> and nothing leaks on cancellation or errors.
/// Built on System.Threading.RateLimiting's <see cref="ConcurrencyLimiter"/> (a per-key partition and a total) with no
/// queue: a request past the limit is refused at once, never left waiting. The two are acquired one after the other
/// rather than chained so that the refusal can name the limit that was reached. A key's partition is named with its
/// limit, so a virtual key whose <c>maxConcurrent</c> changes is counted against the new limit from its next request.
/// </summary>
public sealed class ResourceLimiter : IDisposable
{
    private static readonly TimeSpan SessionRetryAfter = TimeSpan.FromSeconds(30); // sessions are long-lived: no point asking again at once
    private static readonly TimeSpan CallRetryAfter = TimeSpan.FromSeconds(1);

    private readonly GatewayOptions options;
    private readonly VirtualKeyCache? virtualKeys;
    private readonly Dictionary<LimitedResource, (ConcurrencyLimiter Total, PartitionedRateLimiter<string> PerKey)> limiters = [];

    public ResourceLimiter(IOptions<GatewayOptions> options, VirtualKeyCache? virtualKeys = null)
    {
        this.options = options.Value;
        this.virtualKeys = virtualKeys;
        foreach (var resource in Enum.GetValues<LimitedResource>())
        {
            var total = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = TotalLimit(resource).Limit, QueueLimit = 0 });
            var perKey = PartitionedRateLimiter.Create<string, string>(partition => RateLimitPartition.GetConcurrencyLimiter(
                partition, name => new ConcurrencyLimiterOptions { PermitLimit = LimitOfPartition(name), QueueLimit = 0 }));
            limiters[resource] = (total, perKey);
        }
    }

    /// <summary>A permit for one more <paramref name="resource"/> of the key, or <see cref="LimitExceededException"/>.</summary>
    public IDisposable Acquire(LimitedResource resource, string keyName)
    {
        var (permit, refusal) = TryAcquire(resource, keyName);
        return permit ?? throw refusal!;
    }

    /// <summary>
    /// A permit for one more <paramref name="resource"/> of the key, or (permit null) the refusal, not thrown: for callers
    /// that answer a refusal themselves (the HTTP call limiter, <see cref="KeyCallLimiter"/>) at no exception's cost.
    /// </summary>
    internal (IDisposable? Permit, LimitExceededException? Refusal) TryAcquire(LimitedResource resource, string keyName)
    {
        var (total, perKey) = limiters[resource];
        var (setting, limit) = KeyLimit(resource, keyName);
        var keyLease = perKey.AttemptAcquire(Partition(keyName, limit));
        if (!keyLease.IsAcquired)
        {
            keyLease.Dispose();
            return (null, new LimitExceededException(resource, setting, limit, keyName, RetryAfter(resource)));
        }

        var totalLease = total.AttemptAcquire();
        if (!totalLease.IsAcquired)
        {
            totalLease.Dispose();
            keyLease.Dispose();
            var (totalSetting, totalLimit) = TotalLimit(resource);
            return (null, new LimitExceededException(resource, totalSetting, totalLimit, keyName: null, RetryAfter(resource)));
        }

        return (new Lease(keyLease, totalLease), null);
    }

    /// <summary>How many of <paramref name="resource"/> the key holds now.</summary>
    public int InUse(LimitedResource resource, string keyName)
    {
        var limit = KeyLimit(resource, keyName).Limit;
        return limit - (int)(limiters[resource].PerKey.GetStatistics(Partition(keyName, limit))?.CurrentAvailablePermits ?? limit);
    }

    /// <summary>How many of <paramref name="resource"/> all keys together hold now.</summary>
    public int InUse(LimitedResource resource) =>
        TotalLimit(resource).Limit - (int)(limiters[resource].Total.GetStatistics()?.CurrentAvailablePermits ?? 0);

    public void Dispose()
    {
        foreach (var (total, perKey) in limiters.Values)
        {
            total.Dispose();
            perKey.Dispose();
        }
    }

    private static TimeSpan RetryAfter(LimitedResource resource) => resource == LimitedResource.Session ? SessionRetryAfter : CallRetryAfter;

    private (string Setting, int Limit) TotalLimit(LimitedResource resource) => resource switch
    {
        LimitedResource.Session => ("Gateway:Limits:MaxSessions", options.Limits.MaxSessions),
        LimitedResource.UpstreamClient => ("Gateway:Limits:MaxUpstreamClients", options.Limits.MaxUpstreamClients),
        _ => ("Gateway:Limits:MaxPendingCalls", options.Limits.MaxPendingCalls),
    };

    private static string Partition(string keyName, int limit) => $"{keyName}\n{limit}";

    private static int LimitOfPartition(string partition) =>
        int.Parse(partition.AsSpan(partition.LastIndexOf('\n') + 1), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The key's own limit when it sets one, else the per-key default; anonymous access counts as a key of its own. A
    /// virtual key's <c>maxConcurrent</c> is its own <c>MaxPendingCalls</c>.
    /// </summary>
    private (string Setting, int Limit) KeyLimit(LimitedResource resource, string keyName)
    {
        if (resource == LimitedResource.PendingCall && virtualKeys?.Snapshot.FindById(keyName)?.Spec.MaxConcurrent is { } maxConcurrent)
        {
            return ($"maxConcurrent of the virtual key {keyName}", maxConcurrent);
        }

        var (own, ownPath) = keyName == AnonymousAccessOptions.KeyName
            ? (options.Anonymous.Limits, "Gateway:Anonymous:Limits")
            : (options.Keys.GetValueOrDefault(keyName)?.Limits, $"Gateway:Keys:{keyName}:Limits");
        var defaults = options.Limits;
        return resource switch
        {
            LimitedResource.Session => own?.MaxSessions is { } sessions ? ($"{ownPath}:MaxSessions", sessions) : ("Gateway:Limits:MaxSessionsPerKey", defaults.MaxSessionsPerKey),
            LimitedResource.UpstreamClient => own?.MaxUpstreamClients is { } clients ? ($"{ownPath}:MaxUpstreamClients", clients) : ("Gateway:Limits:MaxUpstreamClientsPerKey", defaults.MaxUpstreamClientsPerKey),
            _ => own?.MaxPendingCalls is { } calls ? ($"{ownPath}:MaxPendingCalls", calls) : ("Gateway:Limits:MaxPendingCallsPerKey", defaults.MaxPendingCallsPerKey),
        };
    }

    /// <summary>Both permits of a grant; gives them back once however often it is disposed.</summary>
    private sealed class Lease(RateLimitLease keyLease, RateLimitLease totalLease) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                totalLease.Dispose();
                keyLease.Dispose();
            }
        }
    }
}
