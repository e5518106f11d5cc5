using McpPlatform.Bench.Load;

namespace McpPlatform.Bench.Suite;

/// <summary>Opens one session per worker for a cell, runs the load, records the row and prints it as it goes.</summary>
internal sealed class CellRunner(Systems systems, BenchOptions options, List<Row> rows, bool quiet = false)
{
    /// <summary>One client for every HTTP session of the runner: connections pooled without limit, no proxy.</summary>
    public static readonly HttpClient SharedHttp = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseProxy = false,
    })
    { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The round of the measured pass the rows belong to (<c>--rounds</c>).</summary>
    public int Round { get; set; } = 1;

    /// <summary>
    /// Opens the cell's sessions, measures and closes them. <paramref name="warmup"/> replaces the run's warm-up for
    /// cells whose sessions are processes of their own (stdio), which start cold in the cell itself.
    /// </summary>
    public async Task CellAsync(Cell cell, TimeSpan? warmup = null)
    {
        // A smoke run only checks that every cell runs: two processes stand for sixteen (each a .NET or Node start).
        var concurrency = options.Smoke && cell.OwnProcesses ? Math.Min(cell.Concurrency, 2) : cell.Concurrency;
        var (group, system, workload) = (cell.Group, cell.System, cell.Workload);
        if (!options.Includes(system))
        {
            return;
        }

        var sessions = new List<ICallSession>();
        try
        {
            // A stdio cell's sessions start side by side (16 .NET processes one after the other take long); HTTP sessions
            // one after the other, as before (mcp-proxy starts a server process per session).
            var opening = new List<Task<ICallSession>>();
            Exception? failure = null;
            try
            {
                for (var i = 0; i < concurrency; i++)
                {
                    opening.Add(cell.Open(CancellationToken.None));
                    if (!cell.OwnProcesses)
                    {
                        await opening[^1];
                    }
                }

                await Task.WhenAll(opening);
            }
            catch (Exception ex) when (IsSystemDown(ex))
            {
                failure = ex;
            }
            finally
            {
                sessions.AddRange(opening.Where(task => task.IsCompletedSuccessfully).Select(task => task.Result));
            }

            if (failure is not null)
            {
                // A system that is down (a process died, a port refused) fails its cell; the run goes on and exits non-zero.
                rows.Add(new Row(group, system, workload, concurrency, new Measurement(0, concurrency, 0, double.NaN, double.NaN, 0), 0, 0) { Round = Round });
                Console.WriteLine($"  {system,-40} {workload,-9} x{concurrency,-4} FAILED: its sessions could not be opened: {failure.Message}");
                return;
            }

            var row = await MeasureAsync(group, system, workload, concurrency, sessions, warmup, cell.GatewayB ? systems.GatewayBProcess : null);
            rows.Add(row);
            var result = row.Result;
            if (quiet)
            {
                return;
            }

            Console.WriteLine($"  {system,-40} {workload,-9} x{concurrency,-4} {result.CallsPerSecond,7:0} calls/s  p50 {result.P50Ms,7:0.000} ms  p99 {result.P99Ms,7:0.000} ms  gen CPU {result.GeneratorCpuPercent,4:0}%  CPU/call connector {row.ConnectorCpuUs,4:0} µs gateway {row.GatewayCpuUs,4:0} µs{(result.Errors > 0 ? $"  ERRORS {result.Errors}" : "")}");
        }
        finally
        {
            foreach (var session in sessions)
            {
                await session.DisposeAsync();
            }
        }
    }

    /// <summary>How a system that is down (a process died, a port refused, garbage on the wire) shows when sessions are opened.</summary>
    public static bool IsSystemDown(Exception exception) =>
        exception is HttpRequestException or IOException or TimeoutException or OperationCanceledException
            or InvalidOperationException or System.Text.Json.JsonException or System.ComponentModel.Win32Exception;

    /// <summary>Runs the load and charges our servers' CPU time in the measured window to its calls.</summary>
    public async Task<Row> MeasureAsync(
        string group, string system, string workload, int concurrency, IReadOnlyList<ICallSession> sessions, TimeSpan? warmup = null, Infrastructure.ManagedProcess? gateway = null)
    {
        gateway ??= systems.GatewayProcess;
        TimeSpan connectorBefore = default, gatewayBefore = default;
        var result = await LoadRunner.RunAsync(sessions, concurrency, warmup ?? options.Warmup, options.Duration, () =>
        {
            connectorBefore = systems.ConnectorProcess.CpuTime();
            gatewayBefore = gateway.CpuTime();
        });
        var calls = Math.Max(1, result.Calls + result.Errors);
        return new Row(group, system, workload, concurrency, result,
            (systems.ConnectorProcess.CpuTime() - connectorBefore).TotalMicroseconds / calls,
            (gateway.CpuTime() - gatewayBefore).TotalMicroseconds / calls)
        {
            Round = Round,
        };
    }

    public static async Task<ICallSession> Http(Uri endpoint, string? bearerToken, string tool, string argumentsJson, CancellationToken cancellationToken) =>
        await HttpMcpSession.OpenAsync(SharedHttp, endpoint, bearerToken, tool, argumentsJson, stateless: false, cancellationToken);

    /// <summary>A 2026-07-28 client: no session, every request self-described.</summary>
    public static async Task<ICallSession> StatelessHttp(Uri endpoint, string? bearerToken, string tool, string argumentsJson, CancellationToken cancellationToken) =>
        await HttpMcpSession.OpenAsync(SharedHttp, endpoint, bearerToken, tool, argumentsJson, stateless: true, cancellationToken);

    public static async Task<ICallSession> Stdio(Infrastructure.RepositoryLayout layout, string[] nodeArguments, string tool, string argumentsJson, CancellationToken cancellationToken) =>
        await StdioMcpSession.OpenAsync(layout.Node, nodeArguments, tool, argumentsJson, cancellationToken);

    /// <summary>
    /// Our connector spawned as a stdio server (<c>--stdio</c>), one process per session, as clients run it: from the
    /// client's working directory (here the repository root, not the connector's folder), the database in the environment.
    /// </summary>
    public static async Task<ICallSession> ConnectorStdio(Systems systems, string argumentsJson, CancellationToken cancellationToken) =>
        await StdioMcpSession.OpenAsync("dotnet", [systems.Layout.Assembly(Systems.ConnectorProject), "--stdio"], "execute_sql", argumentsJson, cancellationToken,
            new Dictionary<string, string> { ["ConnectionStrings__maindb"] = systems.Postgres.ReaderConnectionString });
}
