using System.Globalization;
using System.Threading.RateLimiting;
using McpPlatform.Gateway.Auth;
using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Keys;
using McpPlatform.ServiceDefaults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Limits;

/// <summary>
/// Requests per minute per key (<c>Gateway:Keys:&lt;name&gt;:Limits:RequestsPerMinute</c>, a virtual key's
/// <c>requestsPerMinute</c>, <c>Gateway:Anonymous:Limits:RequestsPerMinute</c>) on every route the key reaches:
/// ASP.NET Core rate limiting with a token bucket per key, refused with 429, <c>Retry-After</c> and the gateway's JSON
/// error. The bucket holds a minute's worth (a key may burst up to its limit) and refills evenly over the minute. A
/// key's partition is named with its limit, so a changed limit takes effect at the key's next request. Chained with it,
/// the key's calls in flight (<see cref="KeyCallLimiter"/>): 429 with <c>Retry-After</c> as well, the body naming the limit.
/// </summary>
internal static class KeyRateLimits
{
    public static IServiceCollection AddKeyRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(options => options.OnRejected = OnRejectedAsync);
        // The calls in flight (KeyCallLimiter) first, then the rate: a call refused for the key's calls spends none of its
        // requests per minute (the middleware asks twice before refusing); one refused for its rate gives its call back.
        services.AddOptions<RateLimiterOptions>().Configure<ResourceLimiter>((options, limiter) =>
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                new KeyCallLimiter(limiter),
                PartitionedRateLimiter.Create<HttpContext, string>(Partition)));
        return services;
    }

    /// <summary>The key's own limit and the setting it comes from; null when the request has no key or the key has no limit.</summary>
    public static (string Key, int Limit, string Setting)? LimitOf(HttpContext context)
    {
        if (context.User.FindFirst(ApiKeyAuthenticationHandler.KeyNameClaim)?.Value is not { } key)
        {
            return null;
        }

        var options = context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value;
        if (key == AnonymousAccessOptions.KeyName)
        {
            return options.Anonymous.Limits.RequestsPerMinute is { } anonymous ? (key, anonymous, "Gateway:Anonymous:Limits:RequestsPerMinute") : null;
        }

        if (options.Keys.TryGetValue(key, out var configured))
        {
            return configured.Limits.RequestsPerMinute is { } own ? (key, own, $"Gateway:Keys:{key}:Limits:RequestsPerMinute") : null;
        }

        return context.RequestServices.GetService<VirtualKeyCache>()?.Snapshot.FindById(key)?.Spec.RequestsPerMinute is { } rpm
            ? (key, rpm, $"requestsPerMinute of the virtual key {key}")
            : null;
    }

    private static RateLimitPartition<string> Partition(HttpContext context) =>
        LimitOf(context) is { } limit
            ? RateLimitPartition.GetTokenBucketLimiter($"{limit.Key}\n{limit.Limit}", _ => Bucket(limit.Limit))
            : RateLimitPartition.GetNoLimiter(string.Empty);

    /// <summary>
    /// <paramref name="perMinute"/> tokens a minute, added in the smallest whole steps that keep the rate exact
    /// (60/min: 1 a second; 90/min: 3 every 2 s; 10/min: 1 every 6 s), so no timer runs more often than once a second.
    /// </summary>
    internal static TokenBucketRateLimiterOptions Bucket(int perMinute)
    {
        var steps = GreatestCommonDivisor(perMinute, 60);
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = perMinute / steps,
            ReplenishmentPeriod = TimeSpan.FromSeconds(60.0 / steps),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }

    private static int GreatestCommonDivisor(int a, int b) => b == 0 ? a : GreatestCommonDivisor(b, a % b);

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var calls = rejected.Lease.TryGetMetadata(KeyCallLimiter.Refusal, out var refusal) ? refusal : null;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        context.RequestServices.GetRequiredService<Telemetry.GatewayMetrics>().RateLimited(
            Telemetry.KeyIds.Of(context.User),
            context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } route } ? route : context.Request.Path.Value ?? "",
            calls is null ? "rate" : "concurrency");
        if (calls is not null)
        {
            await context.Response.WriteErrorAsync(calls.Message, "rate_limit_error", calls.KeyName is null ? "gateway_call_limit" : "key_concurrency_limit");
            return;
        }

        var message = LimitOf(context) is { } limit
            ? $"The key '{limit.Key}' may make {limit.Limit} requests per minute, the limit set by {limit.Setting}: try again in {seconds} s."
            : $"Too many requests: try again in {seconds} s.";
        await context.Response.WriteErrorAsync(message, "rate_limit_error", "key_rate_limit");
    }
}
