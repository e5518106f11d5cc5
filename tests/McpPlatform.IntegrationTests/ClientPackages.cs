namespace McpPlatform.IntegrationTests;

/// <summary>
/// The npm clients in <c>tests/clients</c> (Claude Code, Gemini CLI, the OpenAPI validator and run-time client), run
/// with the Node 22 of <c>tests/conformance</c>; <c>eng/install-prerequisites.sh</c> installs both.
/// </summary>
internal static class ClientPackages
{
    public static readonly string Directory = Path.Combine(RepositoryPaths.Root, "tests", "clients");

    public static readonly string Bin = Path.Combine(Directory, "node_modules", ".bin");

    public static string Node => Path.Combine(ConformanceSuite.ToolsDirectory, "node");

    /// <summary>
    /// The environment of a client run: Node 22 and the clients first on PATH, a HOME of its own (no user's settings,
    /// nothing left behind), no telemetry or update checks.
    /// </summary>
    public static Dictionary<string, string> Environment(string home) => new()
    {
        ["PATH"] = string.Join(Path.PathSeparator, ConformanceSuite.ToolsDirectory, Bin, System.Environment.GetEnvironmentVariable("PATH")),
        ["HOME"] = home,
        ["XDG_CONFIG_HOME"] = Path.Combine(home, ".config"),
        ["DISABLE_AUTOUPDATER"] = "1",
        ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
        ["DISABLE_TELEMETRY"] = "1",
        ["GEMINI_CLI_NO_RELAUNCH"] = "true",
        ["NO_UPDATE_NOTIFIER"] = "1",
        ["NO_COLOR"] = "1",
        ["CI"] = "1",
    };

    /// <summary>A fresh home directory for one client run; deleted by the caller.</summary>
    public static string NewHome()
    {
        var home = Path.Combine(Path.GetTempPath(), "mcpplatform-client-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(home);
        return home;
    }
}
