using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Keys;
using McpPlatform.Gateway.Limits;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Tests.Limits;

public sealed class ResourceLimiterTests
{
    [Fact]
    public void Acquire_FloodFromOneKey_IsRefusedPastItsLimitNamingTheSetting()
    {
        using var limiter = Limiter(options => options.Limits.MaxSessionsPerKey = 2);
        using var first = limiter.Acquire(LimitedResource.Session, "local-user");
        using var second = limiter.Acquire(LimitedResource.Session, "local-user");

        var refused = Assert.Throws<LimitExceededException>(() => limiter.Acquire(LimitedResource.Session, "local-user"));

        Assert.Equal("Gateway:Limits:MaxSessionsPerKey", refused.Setting);
        Assert.Equal("local-user", refused.KeyName);
        Assert.Contains("Gateway:Limits:MaxSessionsPerKey", refused.Message);
        Assert.Equal(LimitExceededException.LimitErrorCode, refused.ErrorCode);
        Assert.True(refused.RetryAfter > TimeSpan.Zero);
    }

    [Fact]
    public void Acquire_OneKeyAtItsLimit_OtherKeysAreStillServed()
    {
        using var limiter = Limiter(options => options.Limits.MaxPendingCallsPerKey = 1);
        using var flood = limiter.Acquire(LimitedResource.PendingCall, "flood");
        Assert.Throws<LimitExceededException>(() => limiter.Acquire(LimitedResource.PendingCall, "flood"));

        using var other = limiter.Acquire(LimitedResource.PendingCall, "local-user");
        using var anonymous = limiter.Acquire(LimitedResource.PendingCall, AnonymousAccessOptions.KeyName);

        Assert.Equal(1, limiter.InUse(LimitedResource.PendingCall, "local-user"));
        Assert.Equal(3, limiter.InUse(LimitedResource.PendingCall));
    }

    [Fact]
    public void Acquire_PastTheTotal_IsRefusedNamingTheTotalAndKeepsNoPermitOfTheKey()
    {
        using var limiter = Limiter(options => options.Limits.MaxUpstreamClients = 1);
        using var held = limiter.Acquire(LimitedResource.UpstreamClient, "local-user");

        var refused = Assert.Throws<LimitExceededException>(() => limiter.Acquire(LimitedResource.UpstreamClient, "flood"));

        Assert.Equal("Gateway:Limits:MaxUpstreamClients", refused.Setting);
        Assert.Null(refused.KeyName);
        Assert.Equal(0, limiter.InUse(LimitedResource.UpstreamClient, "flood"));
    }

    [Fact]
    public void Dispose_ALeaseTwice_GivesItsPermitBackOnce()
    {
        using var limiter = Limiter(options => options.Limits.MaxSessionsPerKey = 2);
        var lease = limiter.Acquire(LimitedResource.Session, "local-user");
        using var other = limiter.Acquire(LimitedResource.Session, "local-user");

        lease.Dispose();
        lease.Dispose();

        Assert.Equal(1, limiter.InUse(LimitedResource.Session, "local-user"));
        using var again = limiter.Acquire(LimitedResource.Session, "local-user");
        Assert.Throws<LimitExceededException>(() => limiter.Acquire(LimitedResource.Session, "local-user"));
    }

    [Fact]
    public void Acquire_KeyWithItsOwnLimit_UsesItAndNamesItsSetting()
    {
        using var limiter = Limiter(options =>
        {
            options.Keys["local-user"].Limits.MaxUpstreamClients = 1;
            options.Anonymous.Limits.MaxSessions = 1;
        });
        using var client = limiter.Acquire(LimitedResource.UpstreamClient, "local-user");
        using var session = limiter.Acquire(LimitedResource.Session, AnonymousAccessOptions.KeyName);

        var ownLimit = Assert.Throws<LimitExceededException>(() => limiter.Acquire(LimitedResource.UpstreamClient, "local-user"));
        var anonymousLimit = Assert.Throws<LimitExceededException>(() => limiter.Acquire(LimitedResource.Session, AnonymousAccessOptions.KeyName));

        Assert.Equal("Gateway:Keys:local-user:Limits:MaxUpstreamClients", ownLimit.Setting);
        Assert.Equal("Gateway:Anonymous:Limits:MaxSessions", anonymousLimit.Setting);
    }

    [Fact]
    public void Acquire_ManyThreadsAtOnce_NeverGrantsMoreThanTheLimit()
    {
        using var limiter = Limiter(options => options.Limits.MaxPendingCallsPerKey = 10);
        var granted = new System.Collections.Concurrent.ConcurrentBag<IDisposable>();

        Parallel.For(0, 200, _ =>
        {
            try
            {
                granted.Add(limiter.Acquire(LimitedResource.PendingCall, "flood"));
            }
            catch (LimitExceededException)
            {
            }
        });

        Assert.Equal(10, granted.Count);
        foreach (var lease in granted)
        {
            lease.Dispose();
        }

        Assert.Equal(0, limiter.InUse(LimitedResource.PendingCall));
    }

    [Fact]
    public void Acquire_VirtualKey_ItsMaxConcurrentLimitsCalls_AChangeAppliesToTheNextCall()
    {
        var cache = new VirtualKeyCache(TimeProvider.System, Options.Create(new VirtualKeyOptions()));
        cache.Publish(new VirtualKeySnapshot(1, [Key(maxConcurrent: 1)]));
        using var limiter = new ResourceLimiter(Options.Create(TestOptions.Create()), cache);
        using var first = limiter.Acquire(LimitedResource.PendingCall, "vk_limited0001");

        var refused = Assert.Throws<LimitExceededException>(() => limiter.Acquire(LimitedResource.PendingCall, "vk_limited0001"));
        cache.Publish(new VirtualKeySnapshot(2, [Key(maxConcurrent: 2)]));
        using var second = limiter.Acquire(LimitedResource.PendingCall, "vk_limited0001");

        Assert.Equal("maxConcurrent of the virtual key vk_limited0001", refused.Setting);
        Assert.Equal(1, refused.Limit);
        Assert.Equal(1, limiter.InUse(LimitedResource.PendingCall, "vk_limited0001")); // the new limit counts from the change on
    }

    private static VirtualKey Key(int maxConcurrent) =>
        new("vk_limited0001", "mcp_abcdefgh", new VirtualKeySpec { Name = "limited", Servers = ["*"], MaxConcurrent = maxConcurrent })
        {
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };

    private static ResourceLimiter Limiter(Action<GatewayOptions> configure)
    {
        var options = TestOptions.Create();
        configure(options);
        return new ResourceLimiter(Options.Create(options));
    }
}
