using System.Threading.RateLimiting;
using McpPlatform.Gateway.Admin;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.AdminPage;

/// <summary>
/// Limits failed admin page logins (<see cref="AdminOptions.LoginFailuresPerMinute"/> per client address in a fixed
/// minute, ten times that for the whole gateway, so many addresses cannot guess faster either). Only failures use up
/// the allowance; once it is used up every login from there is refused before the key is even compared, so a guess
/// tells nothing until the minute is over. ASP.NET Core's rate limiters (System.Threading.RateLimiting), which also drop
/// idle partitions.
/// </summary>
internal sealed class AdminLoginThrottle : IDisposable
{
    private const string Everyone = "";

    private readonly PartitionedRateLimiter<string> failures;

    public AdminLoginThrottle(IOptions<AdminOptions> options)
    {
        var perAddress = options.Value.LoginFailuresPerMinute;
        failures = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => PerMinute(perAddress))),
            PartitionedRateLimiter.Create<string, string>(_ => RateLimitPartition.GetFixedWindowLimiter(Everyone, _ => PerMinute(perAddress * 10))));
    }

    /// <summary>True when a login from <paramref name="address"/> may be checked now; else how long until it may.</summary>
    public bool MayTry(string address, out TimeSpan retryAfter)
    {
        // Zero permits: asks whether any are left without using one.
        using var lease = failures.AttemptAcquire(address, 0);
        retryAfter = lease.IsAcquired ? TimeSpan.Zero : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        return lease.IsAcquired;
    }

    /// <summary>Counts a failed login from <paramref name="address"/>.</summary>
    public void Failed(string address)
    {
        using var lease = failures.AttemptAcquire(address, 1);
    }

    public void Dispose() => failures.Dispose();

    private static FixedWindowRateLimiterOptions PerMinute(int permits) => new()
    {
        PermitLimit = permits,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
