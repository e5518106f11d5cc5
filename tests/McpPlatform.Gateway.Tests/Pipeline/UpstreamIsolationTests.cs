using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace McpPlatform.Gateway.Tests.Pipeline;

/// <summary>
/// One stuck upstream among ten stalls no other server: two minutes of gateway time (many list TTLs, the stuck
/// server's 60 s request timeout, breaker probes) on a fake clock, every round of requests with the clock stopped.
/// </summary>
public sealed class UpstreamIsolationTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Span = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task StuckAfterStart_HealthyServersListsAndCallsNeverWait()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await GatewayHost.StartAsync(IsolationRun.Upstreams(clock, stuck => stuck.HangAfterFirstListing = true), IsolationRun.Settings, clock);
        await using (var warmUp = await gateway.ConnectAsync())
        {
            // The slow server's first listing takes 1.5 s of gateway time, within the list deadline (3 s).
            var first = await clock.AdvanceUntilDoneAsync(warmUp.ListToolsAsync().AsTask(), TimeSpan.FromSeconds(2.9));
            Assert.Contains(first, tool => tool.Name == "stuck-echo"); // it answered its first listing
        }

        var run = new IsolationRun();
        await run.RunOnFakeClockAsync(gateway, clock, Span, Step);
        await IsolationAssertions.HoldAsync(run, gateway, output, realClock: false);
    }

    [Fact]
    public async Task StuckOnInitialize_HealthyServersListsAndCallsNeverWait()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await GatewayHost.StartAsync(IsolationRun.Upstreams(clock, stuck => stuck.HangOnInitialize = true), IsolationRun.Settings, clock);
        await using (var warmUp = await gateway.ConnectAsync())
        {
            // Waits for the stuck server's first listing until the list deadline (3 s of gateway time).
            var first = await clock.AdvanceUntilDoneAsync(warmUp.ListToolsAsync().AsTask(), TimeSpan.FromSeconds(10));
            Assert.DoesNotContain(first, tool => tool.Name.StartsWith("stuck-", StringComparison.Ordinal));
        }

        var run = new IsolationRun();
        await run.RunOnFakeClockAsync(gateway, clock, Span, Step);
        await IsolationAssertions.HoldAsync(run, gateway, output, realClock: false);
    }

    /// <summary>The same on the real clock, for <c>MCP_ISOLATION_REAL_SECONDS</c> (not part of <c>./test.sh</c>: set it to run this).</summary>
    [RealClockFact]
    public async Task StuckAfterStart_OnTheRealClock_HealthyServersStayUnder100msP99()
    {
        await using var gateway = await GatewayHost.StartAsync(IsolationRun.Upstreams(TimeProvider.System, stuck => stuck.HangAfterFirstListing = true), IsolationRun.Settings);
        await using (var warmUp = await gateway.ConnectAsync())
        {
            await warmUp.ListToolsAsync();
        }

        var run = new IsolationRun();
        await run.RunOnRealClockAsync(gateway, RealClockFactAttribute.Duration);
        await IsolationAssertions.HoldAsync(run, gateway, output, realClock: true);
    }
}

/// <summary>A test that runs only when <c>MCP_ISOLATION_REAL_SECONDS</c> is set.</summary>
public sealed class RealClockFactAttribute : FactAttribute
{
    public RealClockFactAttribute()
    {
        if (Duration <= TimeSpan.Zero)
        {
            Skip = "set MCP_ISOLATION_REAL_SECONDS (e.g. 120) to run the isolation test on the real clock";
        }
    }

    public static TimeSpan Duration =>
        TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("MCP_ISOLATION_REAL_SECONDS"), CultureInfo.InvariantCulture, out var seconds) ? seconds : 0);
}

internal static class IsolationAssertions
{
    /// <summary>
    /// On the fake clock every request had to finish while the clock stood still (in no gateway time at all: it waited
    /// for no upstream), which is what a failure-free run proves; its real-clock latencies measure only this machine's
    /// CPU and are reported. On the real clock, lists and calls stay under 100 ms p99 and none took a second (the slow
    /// server takes 1.5 s, the stuck one forever).
    /// </summary>
    public static async Task HoldAsync(IsolationRun run, GatewayHost gateway, ITestOutputHelper output, bool realClock)
    {
        var results = run.Kinds.Order(StringComparer.Ordinal).Select(kind => (Kind: kind, Result: run.Latency(kind))).ToList();
        var report = string.Join("; ", results.Select(result =>
            $"{result.Kind}: p99 {result.Result.P99:0.0} ms, max {result.Result.Max:0} ms over {result.Result.Count} requests"));
        output.WriteLine(report);

        Assert.Empty(run.Failures);
        Assert.NotEmpty(results);
        if (realClock)
        {
            var upstreamBound = results.Where(result => result.Kind != IsolationRun.Initialize).ToList();
            Assert.All(upstreamBound, result => Assert.True(result.Result.P99 < 100, report));
            Assert.All(upstreamBound, result => Assert.True(result.Result.Max < 1000, report));
        }

        // The status API says which server is missing: the stuck one is slow (a listing overdue) or down (timed out).
        using var http = gateway.Http();
        var servers = (await http.GetFromJsonAsync<JsonElement>("/v1/mcp/servers")).GetProperty("servers").EnumerateArray()
            .ToDictionary(server => server.GetProperty("name").GetString()!, server => server.GetProperty("status").GetString());
        Assert.Contains(servers["stuck"], new[] { "slow", "down" });
        Assert.Equal("up", servers["slow"]);
        Assert.All(Enumerable.Range(0, IsolationRun.Healthy), i => Assert.Equal("up", servers[$"h{i}"]));
    }
}
