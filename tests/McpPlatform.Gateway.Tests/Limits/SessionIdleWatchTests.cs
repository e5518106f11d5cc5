using McpPlatform.Gateway.Limits;
using Microsoft.Extensions.Time.Testing;

namespace McpPlatform.Gateway.Tests.Limits;

public sealed class SessionIdleWatchTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);
    private readonly FakeTimeProvider time = new();

    [Fact]
    public void Expired_SessionWithoutRequests_AfterTheTimeout()
    {
        using var watch = new SessionIdleWatch(time, Timeout);

        time.Advance(Timeout - TimeSpan.FromSeconds(1));
        Assert.False(watch.Expired.IsCancellationRequested);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(watch.Expired.IsCancellationRequested);
    }

    [Fact]
    public void Expired_ARequestInBetween_CountsFromItsEnd()
    {
        using var watch = new SessionIdleWatch(time, Timeout);
        time.Advance(TimeSpan.FromMinutes(20));
        watch.Begin().Dispose();

        time.Advance(TimeSpan.FromMinutes(20));
        Assert.False(watch.Expired.IsCancellationRequested);
        time.Advance(TimeSpan.FromMinutes(10));

        Assert.True(watch.Expired.IsCancellationRequested);
    }

    [Fact]
    public void Expired_ALongRequestInFlight_IsNotIdle()
    {
        using var watch = new SessionIdleWatch(time, Timeout);
        var request = watch.Begin();

        time.Advance(Timeout * 3);
        Assert.False(watch.Expired.IsCancellationRequested);
        request.Dispose();
        time.Advance(Timeout);

        Assert.True(watch.Expired.IsCancellationRequested);
    }

    [Fact]
    public void Dispose_BeforeTheTimeout_NeverExpires()
    {
        var watch = new SessionIdleWatch(time, Timeout);

        watch.Dispose();
        time.Advance(Timeout * 2);

        Assert.False(watch.Expired.IsCancellationRequested);
    }
}
