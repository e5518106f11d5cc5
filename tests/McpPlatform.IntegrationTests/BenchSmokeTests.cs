using Xunit.Abstractions;

namespace McpPlatform.IntegrationTests;

/// <summary>
/// Keeps bench/ from rotting: the benchmark runner, in smoke mode (a fraction of a second per cell), starts its own
/// PostgreSQL, connector (over HTTP and stdio), gateway, server-postgres, dbhub, mcp-proxy and server-everything and
/// fills every row of its table, the ratios to the strongest peer included.
/// No timing is asserted: numbers from a smoke run mean nothing.
/// </summary>
/// <remarks>
/// A collection of its own, beside the platform collection: it starts its own processes and asserts no timing, so it
/// need not wait for the platform tests (in their collection it added its ~100 s to theirs, run one after another).
/// </remarks>
public sealed class BenchSmokeTests(ITestOutputHelper output)
{
    /// <summary>Beside the platform tests on a busy machine a run took over 3 minutes (ProcessRunner's default); a hang still ends the run.</summary>
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(8);

    /// <summary>
    /// A cell's measured window: 1 s instead of the smoke's 0.3 s. Beside the platform tests on a busy machine, a cell of 16
    /// sessions ended with no call completed in 0.3 s (load average 26 on 2 cores), which fails the run as a cell that did not run.
    /// </summary>
    private const string CellSeconds = "1";

    [Fact]
    public async Task BenchSmoke_EveryCellRunsWithoutErrors()
    {
        var runner = Path.Combine(RepositoryPaths.Root, "bench", "McpPlatform.Bench", "bin", BuildConfiguration.Name, "net10.0", "McpPlatform.Bench.dll");
        var results = Directory.CreateTempSubdirectory("bench-smoke-");
        try
        {
            var (exitCode, log) = await ProcessRunner.RunAsync(
                "dotnet", [runner, "--smoke", "--seconds", CellSeconds, "--configuration", BuildConfiguration.Name, "--output", results.FullName], RepositoryPaths.Root, timeout: RunTimeout);
            output.WriteLine(log);

            Assert.True(exitCode == 0, log);
            var table = await File.ReadAllTextAsync(Path.Combine(results.FullName, "results.md"));
            foreach (var system in (string[])["raw Npgsql (floor)", "our connector (HTTP)", "our connector (stdio)", "server-postgres (stdio)", "server-postgres via mcp-proxy",
                "dbhub (stdio)", "dbhub (HTTP)", "gateway /mcp (aggregate)", "gateway /mcp/postgres_main", "server-everything via our gateway", "server-everything via mcp-proxy", "open sessions"])
            {
                Assert.Contains(system, table);
            }

            Assert.Contains("connector (best transport) ÷ best peer", table);
            Assert.Contains("<svg", await File.ReadAllTextAsync(Path.Combine(results.FullName, "chart.svg")));
        }
        finally
        {
            results.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The flood run (issue 14's load test) in smoke mode: a gateway with normal keys and one key flooding past a small
    /// requests-per-minute limit. Checked from its raw counts: the flooder was refused, it got no more calls through than
    /// its token bucket allows (a full bucket, the refill over its life and two refill steps), and no normal key was refused or failed.
    /// </summary>
    [Fact]
    public async Task FloodSmoke_FlooderIsHeldToItsLimitAndNormalKeysAreNotRefused()
    {
        var runner = Path.Combine(RepositoryPaths.Root, "bench", "McpPlatform.Bench", "bin", BuildConfiguration.Name, "net10.0", "McpPlatform.Bench.dll");
        var results = Directory.CreateTempSubdirectory("bench-flood-smoke-");
        try
        {
            var (exitCode, log) = await ProcessRunner.RunAsync(
                "dotnet", [runner, "--flood", "--smoke", "--configuration", BuildConfiguration.Name, "--output", results.FullName], RepositoryPaths.Root, timeout: RunTimeout);
            output.WriteLine(log);

            Assert.True(exitCode == 0, log);
            using var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(results.FullName, "results.json")));
            var requestsPerMinute = json.RootElement.GetProperty("options").GetProperty("FloodRequestsPerMinute").GetInt32();
            var round = json.RootElement.GetProperty("rounds")[0];
            var flood = round.GetProperty("Flood");
            var accepted = flood.GetProperty("Accepted").GetInt64();
            // A full bucket, its refill over the flooder's life and two refill steps (the gateway adds rpm ÷ gcd(rpm, 60) at a time, on a timer).
            var bound = requestsPerMinute + (requestsPerMinute * flood.GetProperty("ElapsedSeconds").GetDouble() / 60)
                + (2 * requestsPerMinute / (int)System.Numerics.BigInteger.GreatestCommonDivisor(requestsPerMinute, 60));
            Assert.True(accepted <= bound, $"the flooder got {accepted} calls through, more than its bucket allows ({bound:0})");
            Assert.True(flood.GetProperty("RateLimited").GetInt64() + flood.GetProperty("ConcurrencyRefused").GetInt64() > 0, "the flooder was never refused");
            foreach (var phase in (string[])["Unloaded", "Flooded"])
            {
                Assert.True(round.GetProperty(phase).GetProperty("Calls").GetInt64() > 0, $"no normal call in the {phase} phase");
                foreach (var key in round.GetProperty(phase).GetProperty("Keys").EnumerateArray())
                {
                    Assert.Equal(0L, key.GetProperty("Refused").GetInt64() + key.GetProperty("Failed").GetInt64());
                }
            }

            Assert.Contains("flooded ÷ unloaded", await File.ReadAllTextAsync(Path.Combine(results.FullName, "results.md")));
        }
        finally
        {
            results.Delete(recursive: true);
        }
    }
}
