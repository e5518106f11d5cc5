using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using ModelContextProtocol.Client;

namespace McpPlatform.Gateway.Tests.Pipeline;

/// <summary>
/// Ten upstreams behind one gateway, one of them stuck and one slow (1.5 s a request), and clients working the healthy
/// ones: tools/list on <c>/mcp</c> and on a server's route, calls to healthy tools, new sessions listing at start, the
/// status API, while another client keeps calling the stuck server's tools. Collects each kind of request's latencies.
/// On the gateway's fake clock (<see cref="RunOnFakeClockAsync"/>) each round of requests runs with the clock stopped,
/// so a request that waited for the slow or the stuck server would never finish: it fails the run. The clock moves
/// between rounds, past many list TTLs, request timeouts and breaker probes.
/// </summary>
internal sealed class IsolationRun
{
    /// <summary>Opening a session touches no upstream; measured and reported, not held to the 100 ms of lists and calls.</summary>
    public const string Initialize = "initialize (new session)";

    public const int Healthy = 8;

    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, List<double>> latencies = new(StringComparer.Ordinal);
    private readonly List<string> failures = [];

    public static FakeUpstream[] Upstreams(TimeProvider time, Action<FakeUpstream> stuck)
    {
        var upstreams = Enumerable.Range(0, Healthy).Select(i => new FakeUpstream($"h{i}", time)).ToList();
        upstreams.Add(new FakeUpstream("slow", time) { Delay = TimeSpan.FromSeconds(1.5) });
        var hung = new FakeUpstream("stuck", time);
        stuck(hung);
        upstreams.Add(hung);
        return [.. upstreams];
    }

    /// <summary>Lists expire every 2 s; the health monitor probes every second; the stuck server's requests time out after 60 s (the default).</summary>
    public static Dictionary<string, string?> Settings => new() { ["Gateway:ToolListTtl"] = "00:00:02" };

    public IReadOnlyList<string> Failures => failures;

    public IEnumerable<string> Kinds => latencies.Keys;

    /// <summary>
    /// Rounds of requests, the clock stopped during each, moved by <paramref name="step"/> between them until <paramref name="span"/>
    /// of gateway time has passed.
    /// </summary>
    public async Task RunOnFakeClockAsync(GatewayHost gateway, FakeTimeProvider clock, TimeSpan span, TimeSpan step)
    {
        using var stop = new CancellationTokenSource();
        var stuckCalls = CallStuckAsync(gateway, stop.Token);
        await using var aggregate = await gateway.ConnectAsync("/mcp");
        await using var perServer = await gateway.ConnectAsync("/mcp/h3");
        using var http = gateway.Http();
        var round = 0;
        for (var elapsed = TimeSpan.Zero; elapsed < span; elapsed += step, round++)
        {
            clock.Advance(step);
            await Task.WhenAll(
                MeasureAsync("tools/list /mcp", async () => ExpectHealthy(await aggregate.ListToolsAsync())),
                MeasureAsync("tools/call /mcp", () => CallAsync(aggregate, $"h{round % Healthy}-echo")),
                MeasureAsync("tools/list /mcp/h3", async () => await perServer.ListToolsAsync()),
                MeasureAsync("tools/call /mcp/h3", () => CallAsync(perServer, "whoami")),
                MeasureAsync("GET /v1/mcp/servers", async () => await http.GetFromJsonAsync<JsonElement>("/v1/mcp/servers")),
                round % 10 == 0 ? NewSessionAsync(gateway) : Task.CompletedTask);
        }

        stop.Cancel();
        await stuckCalls;
    }

    /// <summary>The same requests on the real clock, each client in its own loop, for <paramref name="duration"/>.</summary>
    public async Task RunOnRealClockAsync(GatewayHost gateway, TimeSpan duration)
    {
        using var stop = new CancellationTokenSource(duration);
        await Task.WhenAll(
            LoopAsync("tools/list /mcp", gateway, "/mcp", async client => ExpectHealthy(await client.ListToolsAsync()), stop.Token),
            LoopAsync("tools/call /mcp", gateway, "/mcp", client => CallAsync(client, $"h{Random.Shared.Next(Healthy)}-echo"), stop.Token),
            LoopAsync("tools/list /mcp/h3", gateway, "/mcp/h3", async client => await client.ListToolsAsync(), stop.Token),
            LoopAsync("tools/call /mcp/h3", gateway, "/mcp/h3", client => CallAsync(client, "whoami"), stop.Token),
            LoopAsync("GET /v1/mcp/servers", gateway, "/mcp", async _ => await gateway.Http().GetFromJsonAsync<JsonElement>("/v1/mcp/servers"), stop.Token),
            NewSessionsAsync(gateway, stop.Token),
            CallStuckAsync(gateway, stop.Token));
    }

    /// <summary>The 99th percentile and the slowest of a kind of request, in milliseconds, and how many there were.</summary>
    public (double P99, double Max, int Count) Latency(string kind)
    {
        var sorted = latencies[kind].Order().ToList();
        return (sorted[(int)Math.Ceiling(sorted.Count * 0.99) - 1], sorted[^1], sorted.Count);
    }

    private async Task LoopAsync(string kind, GatewayHost gateway, string route, Func<McpClient, Task> request, CancellationToken stop)
    {
        await using var client = await gateway.ConnectAsync(route);
        while (!stop.IsCancellationRequested)
        {
            await MeasureAsync(kind, () => request(client));
            await PauseAsync(10, stop);
        }
    }

    private async Task NewSessionsAsync(GatewayHost gateway, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await NewSessionAsync(gateway);
            await PauseAsync(200, stop);
        }
    }

    private async Task NewSessionAsync(GatewayHost gateway)
    {
        McpClient? client = null;
        await MeasureAsync(Initialize, async () => client = await gateway.ConnectAsync());
        if (client is not null)
        {
            await MeasureAsync("tools/list /mcp (new session)", async () => ExpectHealthy(await client.ListToolsAsync()));
            await client.DisposeAsync();
        }
    }

    /// <summary>Calls that wait on the stuck server (each given up after a second): they must hold up nobody else.</summary>
    private static async Task CallStuckAsync(GatewayHost gateway, CancellationToken stop)
    {
        await using var client = await gateway.ConnectAsync();
        while (!stop.IsCancellationRequested)
        {
            using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(stop);
            giveUp.CancelAfter(TimeSpan.FromSeconds(1));
            try
            {
                await client.CallToolAsync("stuck-echo", cancellationToken: giveUp.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ModelContextProtocol.McpException or HttpRequestException)
            {
                // Cancelled (the test server may answer a given-up request 499), unknown (never listed) or unavailable: all expected of a stuck server.
            }
        }
    }

    private static async Task CallAsync(McpClient client, string tool)
    {
        var result = await client.CallToolAsync(tool, new Dictionary<string, object?> { ["text"] = "ping" });
        if (result.IsError == true)
        {
            throw new InvalidOperationException($"{tool} failed: {JsonSerializer.Serialize(result.Content)}");
        }
    }

    private static void ExpectHealthy(IList<McpClientTool> tools)
    {
        var missing = Enumerable.Range(0, Healthy).Select(i => $"h{i}-echo").Concat(["slow-echo"]).Except(tools.Select(tool => tool.Name)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"tools/list is missing {string.Join(", ", missing)}");
        }
    }

    /// <summary>Times one request on the real clock; one that takes more than 5 s (it waited for a server it should not) fails the run.</summary>
    private async Task MeasureAsync(string kind, Func<Task> request)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await request().WaitAsync(GiveUp);
        }
        catch (OperationCanceledException)
        {
            return; // a real-clock run ended
        }
        catch (Exception ex)
        {
            lock (failures)
            {
                failures.Add($"{kind}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        lock (latencies)
        {
            (latencies.TryGetValue(kind, out var list) ? list : latencies[kind] = []).Add(elapsed);
        }
    }

    private static async Task PauseAsync(int milliseconds, CancellationToken stop)
    {
        try
        {
            await Task.Delay(milliseconds, stop);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
