using McpPlatform.Bench.Load;

namespace McpPlatform.Bench.Suite;

/// <summary>Opens one session per worker for a cell, runs the load, records the row and prints it as it goes.</summary>
internal sealed class CellRunner(Systems systems, BenchOptions options, List<Row> rows)
{
    private readonly HttpClient http = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseProxy = false,
    })
    { Timeout = TimeSpan.FromSeconds(30) };

    public async Task CellAsync(string group, string system, string workload, int concurrency, Func<CancellationToken, Task<ICallSession>> open)
    {
        var sessions = new List<ICallSession>();
        try
        {
            for (var i = 0; i < concurrency; i++)
            {
                sessions.Add(await open(CancellationToken.None));
            }

            var result = await LoadRunner.RunAsync(sessions, concurrency, options.Warmup, options.Duration);
            rows.Add(new Row(group, system, workload, concurrency, result));
            Console.WriteLine($"  {system,-40} {workload,-9} x{concurrency,-3} {result.CallsPerSecond,9:0} calls/s  p50 {result.P50Ms,7:0.000} ms  p99 {result.P99Ms,7:0.000} ms  gen CPU {result.GeneratorCpuPercent,4:0}%{(result.Errors > 0 ? $"  ERRORS {result.Errors}" : "")}");
        }
        finally
        {
            foreach (var session in sessions)
            {
                await session.DisposeAsync();
            }
        }
    }

    public async Task<ICallSession> Http(Uri endpoint, string? apiKey, string tool, string argumentsJson, CancellationToken cancellationToken) =>
        await HttpMcpSession.OpenAsync(http, endpoint, apiKey, tool, argumentsJson, cancellationToken);

    public async Task<ICallSession> Stdio(string[] nodeArguments, string tool, string argumentsJson, CancellationToken cancellationToken) =>
        await StdioMcpSession.OpenAsync(systems.Layout.Node, nodeArguments, tool, argumentsJson, cancellationToken);
}
