using System.Text.Json;

namespace McpPlatform.IntegrationTests;

/// <summary>
/// Runs the built AppHost's publisher, as <c>dotnet run --project McpPlatform.AppHost -- --publisher P --output-path O</c>
/// does: the same assembly with its launch profile's environment, without the MSBuild evaluation <c>dotnet run</c> costs per run.
/// </summary>
internal static class AppHostPublisher
{
    private static readonly string Project = Path.Combine(RepositoryPaths.Root, "McpPlatform.AppHost");

    private static readonly string Assembly = Path.Combine(Project, "bin", BuildConfiguration.Name, "net10.0", "McpPlatform.AppHost.dll");

    public static Task<(int ExitCode, string Output)> PublishAsync(string publisher, string outputPath) =>
        ProcessRunner.RunAsync("dotnet", [Assembly, "--publisher", publisher, "--output-path", outputPath], RepositoryPaths.Root, LaunchProfileEnvironment());

    /// <summary>The environment variables of the launch profile <c>dotnet run</c> picks (the first one).</summary>
    private static Dictionary<string, string> LaunchProfileEnvironment()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(Project, "Properties", "launchSettings.json")));
        var profile = settings.RootElement.GetProperty("profiles").EnumerateObject().First().Value;
        return profile.TryGetProperty("environmentVariables", out var variables)
            ? variables.EnumerateObject().ToDictionary(variable => variable.Name, variable => variable.Value.GetString() ?? string.Empty)
            : [];
    }
}
