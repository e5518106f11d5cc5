using System.Text.Json;
using McpPlatform.Bench.Infrastructure;
using McpPlatform.Bench.Load;
using McpPlatform.Bench.Reporting;

namespace McpPlatform.Bench.Suite;

/// <summary>Starts the systems, measures every cell side by side in one run, prints the table and writes the report.</summary>
internal static class BenchmarkRun
{
    public static async Task<int> MainAsync(string[] args)
    {
        var options = BenchOptions.Parse(args);
        var layout = new RepositoryLayout(RepositoryLayout.FindRoot(), options.Configuration, options.Builds);
        layout.Check("McpPlatform.Connectors.Postgres", "McpPlatform.Gateway");
        var output = options.OutputDirectory ?? Path.Combine(layout.Root, "bench", "results", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture));
        var logs = Directory.CreateDirectory(Path.Combine(output, "logs")).FullName;

        Console.WriteLine($"McpPlatform bench: {Environment.ProcessorCount} cores, {options.Duration.TotalSeconds:0.#} s per cell after {options.Warmup.TotalSeconds:0.#} s warm-up{(options.Smoke ? " (smoke)" : "")}");
        foreach (var build in layout.OtherBuilds)
        {
            Console.WriteLine("Other build: " + build);
        }

        var gatewayB = options.GatewayB is { } directory ? layout.AssemblyIn(directory, "McpPlatform.Gateway") : null;
        if (gatewayB is not null)
        {
            Console.WriteLine($"Gateway B (cells marked {Cell.GatewayBSuffix.Trim()}): {gatewayB}");
        }

        await using var systems = await Systems.StartAsync(layout, logs, gatewayB);
        var rows = new List<Row>();
        var cells = Cell.All(systems, layout);

        // Every system gets load first (its JIT reaches the final tier only after seconds of it), then the measured pass.
        if (!options.Smoke)
        {
            Console.WriteLine("Warm-up pass (not recorded)...");
            var warm = new CellRunner(systems, options with { Warmup = TimeSpan.Zero, Duration = TimeSpan.FromSeconds(3) }, [], quiet: true);
            foreach (var cell in cells.Where(cell => !cell.OwnProcesses)) // stdio cells start new processes: they warm up in the cell
            {
                await warm.CellAsync(cell);
            }
        }

        var run = new CellRunner(systems, options, rows);
        for (var round = 1; round <= options.Rounds; round++)
        {
            if (options.Rounds > 1)
            {
                Console.WriteLine($"Round {round} of {options.Rounds} (load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
            }

            run.Round = round;
            foreach (var cell in cells)
            {
                await run.CellAsync(cell, cell.OwnProcesses ? options.ProcessWarmup : null);
            }
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
        Console.WriteLine(GatewayAb.Table(rows));
        await File.WriteAllTextAsync(Path.Combine(output, "results.json"), JsonSerializer.Serialize(new { rows, scale }, new JsonSerializerOptions
        {
            WriteIndented = true,
            NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals, // a cell without calls has no latency: "NaN"
        }));
        await File.WriteAllTextAsync(Path.Combine(output, "results.md"), report.Table() + Environment.NewLine + report.Ratios() + Environment.NewLine + GatewayAb.Table(rows));
        await File.WriteAllTextAsync(Path.Combine(output, "chart.svg"), SvgChart.Render(rows));
        Console.WriteLine($"Raw results, chart and process logs: {output}");
        return rows.Count == 0 || scaleFailed || rows.Any(row => row.Result.Calls == 0 || row.Result.Errors > 0) ? 1 : 0;
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
