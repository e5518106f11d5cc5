using Xunit.Abstractions;

namespace McpPlatform.Gateway.Tests.Pipeline;

/// <summary>One stuck upstream (hanging on every request after its first listing) stalls no other server.</summary>
public sealed class UpstreamHangingAfterStartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task StuckAfterStart_HealthyServersListsAndCallsStayUnder100msP99()
    {
        var upstreams = IsolationRun.Upstreams(stuck => stuck.HangAfterFirstListing = true);
        await using var gateway = await GatewayHost.StartAsync(upstreams, IsolationRun.Settings);
        await using (var warmUp = await gateway.ConnectAsync())
        {
            await warmUp.ListToolsAsync(); // every server listed once (the stuck one included)
        }

        await IsolationAssertions.HoldAsync(gateway, output);
    }
}

/// <summary>One upstream that never answers initialize stalls no other server (after the first listing's deadline).</summary>
public sealed class UpstreamHangingOnInitializeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task StuckOnInitialize_HealthyServersListsAndCallsStayUnder100msP99()
    {
        var upstreams = IsolationRun.Upstreams(stuck => stuck.HangOnInitialize = true);
        await using var gateway = await GatewayHost.StartAsync(upstreams, IsolationRun.Settings);
        await using (var warmUp = await gateway.ConnectAsync())
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var tools = await warmUp.ListToolsAsync(); // waits for the stuck server's first listing, at most the list deadline (3 s)
            Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(4), "the first list waited past the list deadline");
            Assert.DoesNotContain(tools, tool => tool.Name.StartsWith("stuck-", StringComparison.Ordinal));
        }

        await IsolationAssertions.HoldAsync(gateway, output);
    }
}

internal static class IsolationAssertions
{
    public static async Task HoldAsync(GatewayHost gateway, ITestOutputHelper output)
    {
        var run = new IsolationRun();
        await run.RunAsync(gateway);

        var results = run.Kinds.Order(StringComparer.Ordinal).Select(kind => (Kind: kind, Result: run.Latency(kind))).ToList();
        var report = string.Join("; ", results.Select(result =>
            $"{result.Kind}: p99 {result.Result.P99:0.0} ms, max {result.Result.Max:0} ms over {result.Result.Count} requests"));
        output.WriteLine(report);

        Assert.Empty(run.Failures);
        var upstreamBound = results.Where(result => result.Kind != IsolationRun.Initialize).ToList();
        Assert.All(upstreamBound, result => Assert.True(result.Result.P99 < 100, report));

        // The slow server takes 1.5 s and the stuck one forever: no request of a healthy one ever waited for either.
        Assert.All(upstreamBound, result => Assert.True(result.Result.Max < 1000, report));
        Assert.All(results, result => Assert.True(result.Result.Count >= IsolationRun.Duration.TotalSeconds, $"too few requests: {report}"));
    }
}
