namespace McpPlatform.Bench.Load;

/// <summary>What the flooding key's callers got, over the flooder's whole life (its warm-up included).</summary>
/// <param name="Requests">Calls sent (every one of them answered before the flooder stopped its clock).</param>
/// <param name="Accepted">Calls that got a result.</param>
/// <param name="RateLimited">HTTP 429 from the key's requests-per-minute limit.</param>
/// <param name="ConcurrencyRefused">Refusals by the key's limit on calls in flight (JSON-RPC <c>-32029</c> or HTTP 429).</param>
/// <param name="Failed">Any other answer, or no answer.</param>
/// <param name="ElapsedSeconds">From before its first call was sent until its last answer arrived.</param>
/// <param name="CpuPercent">CPU the flooder process used, in % of one core.</param>
/// <param name="FirstFailure">What the first failed call said, if any did.</param>
internal sealed record FloodResult(
    long Requests, long Accepted, long RateLimited, long ConcurrencyRefused, long Failed, double ElapsedSeconds, double CpuPercent, string? FirstFailure)
{
    public double RequestsPerSecond => ElapsedSeconds > 0 ? Requests / ElapsedSeconds : 0;

    /// <summary>
    /// The most calls the gateway's token bucket for <paramref name="requestsPerMinute"/> can let through in this flooder's
    /// life: a full bucket (the burst, one minute's worth), plus the refill over the elapsed time, plus two refill steps.
    /// The gateway's bucket (<c>KeyRateLimits.Bucket</c>) adds rpm ÷ gcd(rpm, 60) tokens on a timer every 60 ÷ gcd(rpm, 60) s
    /// (10 a second at 600/min): the window can hold one tick more than its length in periods, and one more again when
    /// the thread pool ran a tick's callback late and the next on time. The bucket never holds more than a minute's worth,
    /// so this holds whatever the key did before, and every counted call was sent and answered inside the elapsed time.
    /// </summary>
    public double AcceptedBound(int requestsPerMinute) =>
        requestsPerMinute + (requestsPerMinute * ElapsedSeconds / 60) + (2 * RefillStep(requestsPerMinute));

    /// <summary>The tokens one refill step of the gateway's bucket adds.</summary>
    public static int RefillStep(int requestsPerMinute) => requestsPerMinute / GreatestCommonDivisor(requestsPerMinute, 60);

    private static int GreatestCommonDivisor(int a, int b) => b == 0 ? a : GreatestCommonDivisor(b, a % b);
}
