using Xunit.Abstractions;

namespace McpPlatform.IntegrationTests;

/// <summary>
/// Keeps bench/ from rotting: the benchmark runner, in smoke mode (a fraction of a second per cell), starts its own
/// PostgreSQL, connector (over HTTP and stdio), gateway, server-postgres, dbhub, mcp-proxy and server-everything and
/// fills every row of its table, the ratios to the strongest peer included.
/// No timing is asserted: numbers from a smoke run mean nothing.
/// </summary>
[Collection(PlatformCollection.Name)] // not in parallel with the platform tests: both need the 2 cores
public sealed class BenchSmokeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task BenchSmoke_EveryCellRunsWithoutErrors()
    {
        var runner = Path.Combine(RepositoryPaths.Root, "bench", "McpPlatform.Bench", "bin", BuildConfiguration.Name, "net10.0", "McpPlatform.Bench.dll");
        var results = Directory.CreateTempSubdirectory("bench-smoke-");
        try
        {
            var (exitCode, log) = await ProcessRunner.RunAsync(
                "dotnet", [runner, "--smoke", "--configuration", BuildConfiguration.Name, "--output", results.FullName], RepositoryPaths.Root);
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
}
