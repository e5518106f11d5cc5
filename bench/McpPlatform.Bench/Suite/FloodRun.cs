using System.Globalization;
using System.Text.Json;
using McpPlatform.Bench.Infrastructure;
using McpPlatform.Bench.Load;
using McpPlatform.Bench.Reporting;

namespace McpPlatform.Bench.Suite;

/// <summary>
/// Issue 14's load test in one run (<c>--flood</c>, bench/flood/run.sh): a gateway with several keys, the normal keys'
/// sessions calling at a steady pace, measured alone and then while one more key floods far past its requests-per-minute
/// and calls-in-flight limits; prints the tables and writes them to docs/benchmarks/flood/ (or <c>--output</c>).
/// The tool is <c>echo</c> on <c>server-everything</c> over stdio, the cheaper of the bench's two per call: one Node
/// process answers it in about 50 µs of CPU (20,000 calls/s over a bare pipe) where <c>execute_sql SELECT 1</c> costs
/// the connector about 140 µs and PostgreSQL more, so on two cores more of the CPU goes to the gateway under test.
/// </summary>
internal static class FloodRun
{
    public const string Flag = "--flood";

    public static async Task<int> MainAsync(string[] args)
    {
        var options = FloodOptions.Parse(args);
        var layout = new RepositoryLayout(RepositoryLayout.FindRoot(), options.Configuration, options.Builds);
        layout.Check("McpPlatform.Gateway");
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var scratch = Path.Combine(layout.Root, "bench", "results", "flood-" + stamp);
        // A full run's tables go next to the other recorded runs; a smoke run's numbers mean nothing and stay out of docs/.
        var output = options.OutputDirectory ?? (options.Smoke ? scratch : Path.Combine(layout.Root, "docs", "benchmarks", "flood"));
        var logs = Directory.CreateDirectory(Path.Combine(options.OutputDirectory ?? scratch, "logs")).FullName;
        Directory.CreateDirectory(output);

        var loadBefore = LoadAverage();
        var started = DateTime.UtcNow;
        Console.WriteLine(Invariant($"McpPlatform flood run: {Environment.ProcessorCount} cores, load average {loadBefore}, {options.Duration.TotalSeconds:0.#} s per phase after {options.Warmup.TotalSeconds:0.#} s warm-up, {options.Rounds} round(s){(options.Smoke ? " (smoke)" : "")}"));
        foreach (var build in layout.OtherBuilds)
        {
            Console.WriteLine("Other build: " + build);
        }

        await using var gateway = await FloodGateway.StartAsync(layout, options, logs);
        var sessions = new List<KeySession>();
        try
        {
            for (var number = 1; number <= options.Keys; number++)
            {
                var key = FloodGateway.NormalKeyName(number);
                for (var i = 0; i < options.SessionsPerKey; i++)
                {
                    sessions.Add(new(key, await HttpMcpSession.OpenAsync(
                        CellRunner.SharedHttp, gateway.Endpoint, FloodGateway.SecretOf(key), FloodWorker.Tool, FloodWorker.Arguments, stateless: false, CancellationToken.None)));
                }
            }

            if (!options.Smoke)
            {
                Console.WriteLine("Warm-up (not recorded)...");
                await PacedLoad.RunAsync(sessions, options.Think, TimeSpan.Zero, TimeSpan.FromSeconds(3));
            }

            var rounds = new List<FloodRound>();
            for (var round = 1; round <= options.Rounds; round++)
            {
                rounds.Add(await RoundAsync(round, gateway, sessions, options, logs));
            }

            var conditions = Invariant($"""
                Run {started:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, load average {loadBefore} at the start and {LoadAverage()} at the end; {options.Duration.TotalSeconds:0.#} s per phase after {options.Warmup.TotalSeconds:0.#} s warm-up, {options.Rounds} round(s){(options.Smoke ? " (smoke: the numbers mean nothing)" : "")}.
                Tool: `echo` on `server-everything` (stdio) through the gateway's `/mcp/{FloodGateway.Server}`. Normal keys: {options.Keys} × {options.SessionsPerKey} sessions (2025-11-25), each calling again {options.Think.TotalMilliseconds:0} ms after its answer; a limit of 600,000 requests/min each.
                Flooder: key `{FloodGateway.FloodKeyName}`, {options.FloodCallers} callers with no think time (2026-07-28 stateless requests, a process of its own at nice {options.FloodNice}), limits {options.FloodRequestsPerMinute} requests/min (`Limits:RequestsPerMinute`) and {options.FloodMaxPendingCalls} calls in flight (`Limits:MaxPendingCalls`); it starts {options.Warmup.TotalSeconds:0.#} s before the flooded window and stops after it.
                Load generator: the bench's raw JSON-RPC client (`Load/HttpMcpSession.cs`); "Gateway CPU %" and "Load-gen CPU %" are of one core.{Busy(loadBefore)}
                """);
            var report = new FloodReport(rounds, options, conditions);
            var markdown = report.Markdown();
            Console.WriteLine();
            Console.WriteLine(markdown);
            await File.WriteAllTextAsync(Path.Combine(output, "results.md"), markdown);
            await File.WriteAllTextAsync(Path.Combine(output, "results.json"), JsonSerializer.Serialize(new { options, rounds }, new JsonSerializerOptions
            {
                WriteIndented = true,
                NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals, // a window without calls has no latency: "NaN"
            }));
            Console.WriteLine($"Tables: {output}; process logs: {logs}");
            return report.Passed ? 0 : 1;
        }
        finally
        {
            foreach (var session in sessions)
            {
                await session.Session.DisposeAsync();
            }
        }
    }

    private static async Task<FloodRound> RoundAsync(int round, FloodGateway gateway, List<KeySession> sessions, FloodOptions options, string logs)
    {
        var (unloaded, unloadedCpu) = await MeasureAsync(gateway, sessions, options);
        Print(round, "unloaded", unloaded, unloadedCpu);

        await using var flooder = await FloodProcess.StartAsync(
            gateway.Endpoint, FloodGateway.SecretOf(FloodGateway.FloodKeyName), options.FloodCallers, options.FloodNice, logs, $"flooder-{round}");
        var (flooded, floodedCpu) = await MeasureAsync(gateway, sessions, options); // its warm-up is the flooder's too
        var flood = await flooder.StopAsync();
        Print(round, "flooded", flooded, floodedCpu);
        Console.WriteLine(Invariant($"  round {round} flooder : {flood.Requests} requests ({flood.RequestsPerSecond:0}/s), {flood.Accepted} accepted (at most {flood.AcceptedBound(options.FloodRequestsPerMinute):0}), {flood.RateLimited} × 429 rate limit, {flood.ConcurrencyRefused} refused (calls in flight), {flood.Failed} errors"));
        return new FloodRound(round, unloaded, unloadedCpu, flooded, floodedCpu, flood);
    }

    /// <summary>The normal keys' paced load, and the gateway's CPU in its measured window (% of one core).</summary>
    private static async Task<(PacedResult Result, double GatewayCpuPercent)> MeasureAsync(FloodGateway gateway, List<KeySession> sessions, FloodOptions options)
    {
        var before = TimeSpan.Zero;
        var result = await PacedLoad.RunAsync(sessions, options.Think, options.Warmup, options.Duration, () => before = gateway.Process.CpuTime());
        return (result, 100 * (gateway.Process.CpuTime() - before).TotalSeconds / result.Elapsed.TotalSeconds);
    }

    private static void Print(int round, string phase, PacedResult result, double gatewayCpu) =>
        Console.WriteLine(Invariant($"  round {round} {phase,-8}: {result.CallsPerSecond,7:0} calls/s  p50 {result.P50Ms,7:0.000} ms  p99 {result.P99Ms,7:0.000} ms  worst key p99 {result.WorstKeyP99Ms,7:0.000} ms  refused {result.Refused}  errors {result.Failed}  gateway CPU {gatewayCpu:0}%  gen CPU {result.GeneratorCpuPercent:0}%"));

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    /// <summary>A warning in the report when other work held the cores before the run started: its latencies are not the gateway's.</summary>
    private static string Busy(string loadAverage) =>
        double.Parse(loadAverage, CultureInfo.InvariantCulture) > Environment.ProcessorCount
            ? Environment.NewLine + $"**The machine was busy before the run (load average {loadAverage} on {Environment.ProcessorCount} cores): these numbers show that the run works and the limits hold, not what the gateway's latency is; rerun on a quiet machine.**"
            : "";

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
