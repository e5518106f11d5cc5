using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ModelContextProtocol.Client;

namespace McpPlatform.Gateway.Tests.Pipeline;

/// <summary>
/// Ten upstreams behind one gateway, one of them stuck and one slow (1.5 s a request), and clients working the healthy
/// ones for a while (<c>MCP_ISOLATION_SECONDS</c>, default 120: many list TTLs): tools/list on <c>/mcp</c> and on a
/// server's route, calls to healthy tools, new sessions listing at start, the status API, while other clients keep
/// calling the stuck server's tools. Collects each kind of request's latencies.
/// </summary>
internal sealed class IsolationRun
{
    /// <summary>Opening a session touches no upstream; measured and reported, not held to the 100 ms of lists and calls.</summary>
    public const string Initialize = "initialize (new session)";

    private const int Healthy = 8;

    private readonly Dictionary<string, List<double>> latencies = new(StringComparer.Ordinal);
    private readonly List<string> failures = [];

    public static TimeSpan Duration =>
        TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("MCP_ISOLATION_SECONDS"), CultureInfo.InvariantCulture, out var seconds) ? seconds : 120);

    public static FakeUpstream[] Upstreams(Action<FakeUpstream> stuck)
    {
        var upstreams = Enumerable.Range(0, Healthy).Select(i => new FakeUpstream($"h{i}")).ToList();
        upstreams.Add(new FakeUpstream("slow") { Delay = TimeSpan.FromSeconds(1.5) });
        var hung = new FakeUpstream("stuck");
        stuck(hung);
        upstreams.Add(hung);
        return [.. upstreams];
    }

    /// <summary>Lists expire every 2 s; the health monitor probes every second; the stuck server's requests time out after 60 s (the default).</summary>
    public static Dictionary<string, string?> Settings => new() { ["Gateway:ToolListTtl"] = "00:00:02" };

    public IReadOnlyList<string> Failures => failures;

    public async Task RunAsync(GatewayHost gateway)
    {
        using var stop = new CancellationTokenSource(Duration);
        await Task.WhenAll(
            LoopAsync("tools/list /mcp", gateway, "/mcp", async client => ExpectHealthy(await client.ListToolsAsync(cancellationToken: stop.Token)), stop.Token),
            LoopAsync("tools/call /mcp", gateway, "/mcp", async client => await CallAsync(client, $"h{Random.Shared.Next(Healthy)}-echo", stop.Token), stop.Token),
            LoopAsync("tools/list /mcp/h3", gateway, "/mcp/h3", async client => await client.ListToolsAsync(cancellationToken: stop.Token), stop.Token),
            LoopAsync("tools/call /mcp/h3", gateway, "/mcp/h3", async client => await CallAsync(client, "whoami", stop.Token), stop.Token),
            NewSessionsAsync(gateway, stop.Token),
            StatusAsync(gateway, stop.Token),
            CallStuckAsync(gateway, stop.Token));
    }

    /// <summary>The 99th percentile and the slowest of a kind of request, in milliseconds, and how many there were.</summary>
    public (double P99, double Max, int Count) Latency(string kind)
    {
        var sorted = latencies[kind].Order().ToList();
        return (sorted[(int)Math.Ceiling(sorted.Count * 0.99) - 1], sorted[^1], sorted.Count);
    }

    public IEnumerable<string> Kinds => latencies.Keys;

    private async Task LoopAsync(string kind, GatewayHost gateway, string route, Func<McpClient, Task> request, CancellationToken stop)
    {
        await using var client = await gateway.ConnectAsync(route);
        while (!stop.IsCancellationRequested)
        {
            await MeasureAsync(kind, () => request(client));
            await Pause(stop);
        }
    }

    private async Task NewSessionsAsync(GatewayHost gateway, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            McpClient? client = null;
            await MeasureAsync(Initialize, async () => client = await gateway.ConnectAsync());
            if (client is not null)
            {
                await MeasureAsync("tools/list /mcp (new session)", async () => ExpectHealthy(await client.ListToolsAsync(cancellationToken: stop)));
                await client.DisposeAsync();
            }

            await Pause(stop, milliseconds: 200);
        }
    }

    private async Task StatusAsync(GatewayHost gateway, CancellationToken stop)
    {
        using var http = gateway.Http();
        while (!stop.IsCancellationRequested)
        {
            await MeasureAsync("GET /v1/mcp/servers", async () => await http.GetFromJsonAsync<JsonElement>("/v1/mcp/servers"));
            await Pause(stop, milliseconds: 100);
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
            catch (Exception ex) when (ex is OperationCanceledException or ModelContextProtocol.McpException)
            {
                // Cancelled, unknown (never listed) or unavailable: all expected of a stuck server.
            }
        }
    }

    private static async Task CallAsync(McpClient client, string tool, CancellationToken stop)
    {
        var result = await client.CallToolAsync(tool, new Dictionary<string, object?> { ["text"] = "ping" }, cancellationToken: stop);
        if (result.IsError == true)
        {
            throw new InvalidOperationException($"{tool} failed: {JsonSerializer.Serialize(result.Content)}");
        }
    }

    private void ExpectHealthy(IList<McpClientTool> tools)
    {
        var missing = Enumerable.Range(0, Healthy).Select(i => $"h{i}-echo").Concat(["slow-echo"]).Except(tools.Select(tool => tool.Name)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"tools/list is missing {string.Join(", ", missing)}");
        }
    }

    private async Task MeasureAsync(string kind, Func<Task> request)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await request();
        }
        catch (OperationCanceledException)
        {
            return; // the run ended
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

    private static async Task Pause(CancellationToken stop, int milliseconds = 10)
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
