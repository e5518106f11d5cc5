using System.Text.Json;
using McpPlatform.Bench.Infrastructure;
using McpPlatform.Bench.Load;
using McpPlatform.Bench.Reporting;

namespace McpPlatform.Bench.Suite;

/// <summary>Starts the systems, measures every cell side by side in one run, prints the table and writes the report.</summary>
internal static class BenchmarkRun
{
    private const string Select1 = "SELECT 1";
    private const string Rows100 = "SELECT id, name, price, created_at FROM bench.items ORDER BY id";

    public static async Task<int> MainAsync(string[] args)
    {
        var options = BenchOptions.Parse(args);
        var layout = new RepositoryLayout(RepositoryLayout.FindRoot(), options.Configuration);
        layout.Check("McpPlatform.Connectors.Postgres", "McpPlatform.Gateway");
        var output = options.OutputDirectory ?? Path.Combine(layout.Root, "bench", "results", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture));
        var logs = Directory.CreateDirectory(Path.Combine(output, "logs")).FullName;

        Console.WriteLine($"McpPlatform bench: {Environment.ProcessorCount} cores, {options.Duration.TotalSeconds:0.#} s per cell after {options.Warmup.TotalSeconds:0.#} s warm-up{(options.Smoke ? " (smoke)" : "")}");
        await using var systems = await Systems.StartAsync(layout, logs);
        var rows = new List<Row>();
        var cells = Cells(systems, layout);

        // Every system gets load first (its JIT reaches the final tier only after seconds of it), then the measured pass.
        if (!options.Smoke)
        {
            Console.WriteLine("Warm-up pass (not recorded)...");
            var warm = new CellRunner(systems, options with { Warmup = TimeSpan.Zero, Duration = TimeSpan.FromSeconds(3) }, [], quiet: true);
            foreach (var cell in cells)
            {
                await warm.CellAsync(cell.Group, cell.System, cell.Workload, cell.Concurrency, cell.Open);
            }
        }

        var run = new CellRunner(systems, options, rows);
        foreach (var cell in cells)
        {
            await run.CellAsync(cell.Group, cell.System, cell.Workload, cell.Concurrency, cell.Open);
        }

        ScaleResult? scale = null; // left out by --only, or failed
        var scaleFailed = false;
        if (options.Includes("gateway, open sessions (scale)"))
        {
            try
            {
                scale = (await ScaleAsync(systems, options, run, rows)) with { StartToHealthy = await systems.MeasureGatewayStartAsync(logs) };
            }
            catch (Exception ex) when (CellRunner.IsSystemDown(ex))
            {
                scaleFailed = true;
                Console.WriteLine($"  gateway, open sessions (scale) FAILED: {ex.Message}");
            }
        }

        var report = new Report(rows, scale, options);
        Console.WriteLine();
        Console.WriteLine(report.Table());
        Console.WriteLine(report.Ratios());
        await File.WriteAllTextAsync(Path.Combine(output, "results.json"), JsonSerializer.Serialize(new { rows, scale }, new JsonSerializerOptions
        {
            WriteIndented = true,
            NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals, // a cell without calls has no latency: "NaN"
        }));
        await File.WriteAllTextAsync(Path.Combine(output, "results.md"), report.Table() + Environment.NewLine + report.Ratios());
        await File.WriteAllTextAsync(Path.Combine(output, "chart.svg"), SvgChart.Render(rows));
        Console.WriteLine($"Raw results, chart and process logs: {output}");
        return rows.Count == 0 || scaleFailed || rows.Any(row => row.Result.Calls == 0 || row.Result.Errors > 0) ? 1 : 0;
    }

    private sealed record Cell(string Group, string System, string Workload, int Concurrency, Func<CancellationToken, Task<ICallSession>> Open);

    private static List<Cell> Cells(Systems systems, RepositoryLayout layout)
    {
        var cells = new List<Cell>();
        foreach (var (workload, sql) in new[] { ("SELECT 1", Select1), ("100 rows", Rows100) })
        {
            var sqlArgument = JsonSerializer.Serialize(new { sql });
            foreach (var concurrency in new[] { 1, 16 })
            {
                cells.Add(new("connector", "raw Npgsql (floor)", workload, concurrency, async ct => await NpgsqlSession.OpenAsync(systems.Postgres.ReaderConnectionString, sql, ct)));
                cells.Add(new("connector", "our connector (HTTP)", workload, concurrency, ct => CellRunner.Http(systems.Connector, Systems.ConnectorSecret, "execute_sql", sqlArgument, ct)));
                cells.Add(new("connector", "server-postgres (stdio)", workload, concurrency, ct => CellRunner.Stdio(layout, [layout.ServerPostgres, systems.Postgres.ReaderUrl], "query", sqlArgument, ct)));
                cells.Add(new("connector", "server-postgres via mcp-proxy", workload, concurrency, ct => CellRunner.Http(systems.PostgresProxy, null, "query", sqlArgument, ct)));
                cells.Add(new("gateway hop", "gateway /mcp (aggregate)", workload, concurrency, ct => CellRunner.Http(new Uri(systems.Gateway, "/mcp"), Systems.ApiKey, "postgres_main-execute_sql", sqlArgument, ct)));
                cells.Add(new("gateway hop", "gateway /mcp/postgres_main", workload, concurrency, ct => CellRunner.Http(new Uri(systems.Gateway, "/mcp/postgres_main"), Systems.ApiKey, "execute_sql", sqlArgument, ct)));
                cells.Add(new("gateway hop", "gateway /mcp/postgres_stateless (upstream 2026-07-28)", workload, concurrency, ct => CellRunner.Http(new Uri(systems.Gateway, "/mcp/postgres_stateless"), Systems.ApiKey, "execute_sql", sqlArgument, ct)));
                if (workload == "SELECT 1")
                {
                    // Clients on 2026-07-28 (the MCP C# SDK's default) send stateless requests: no session on either server.
                    cells.Add(new("client 2026-07-28", "our connector, client 2026-07-28 (stateless)", workload, concurrency, ct => CellRunner.StatelessHttp(systems.Connector, Systems.ConnectorSecret, "execute_sql", sqlArgument, ct)));
                    cells.Add(new("client 2026-07-28", "gateway /mcp/postgres_main, client 2026-07-28 (stateless)", workload, concurrency, ct => CellRunner.StatelessHttp(new Uri(systems.Gateway, "/mcp/postgres_main"), Systems.ApiKey, "execute_sql", sqlArgument, ct)));
                }
            }
        }

        const string echo = """{"message":"hello"}""";
        foreach (var concurrency in new[] { 1, 16 })
        {
            cells.Add(new("stdio upstream", "server-everything (stdio, own ceiling)", "echo", concurrency, ct => CellRunner.Stdio(layout, [layout.ServerEverything, "stdio"], "echo", echo, ct)));
            cells.Add(new("stdio upstream", "server-everything via our gateway", "echo", concurrency, ct => CellRunner.Http(new Uri(systems.Gateway, "/mcp/everything"), Systems.ApiKey, "echo", echo, ct)));
            cells.Add(new("stdio upstream", "server-everything via mcp-proxy", "echo", concurrency, ct => CellRunner.Http(systems.EverythingProxy, null, "echo", echo, ct)));
        }

        return cells;
    }

    /// <summary>1,000 sessions held open on the gateway, 16 workers spreading calls over them.</summary>
    private static async Task<ScaleResult> ScaleAsync(Systems systems, BenchOptions options, CellRunner run, List<Row> rows)
    {
        var before = systems.GatewayProcess.ResidentMiB();
        var sessions = new List<ICallSession>();
        try
        {
            for (var i = 0; i < options.ScaleSessions; i++)
            {
                sessions.Add(await CellRunner.Http(new Uri(systems.Gateway, "/mcp/postgres_main"), Systems.ApiKey, "execute_sql", """{"sql":"SELECT 1"}""", CancellationToken.None));
            }

            var open = systems.GatewayProcess.ResidentMiB();
            var row = await run.MeasureAsync("scale", $"gateway, {options.ScaleSessions} open sessions", "SELECT 1", 16, sessions);
            rows.Add(row);
            return new ScaleResult(options.ScaleSessions, before, open, systems.GatewayProcess.ResidentMiB(), row.Result.P99Ms, TimeSpan.Zero);
        }
        finally
        {
            foreach (var session in sessions)
            {
                await session.DisposeAsync();
            }
        }
    }
}
