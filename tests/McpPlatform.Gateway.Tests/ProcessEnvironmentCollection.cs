namespace McpPlatform.Gateway.Tests;

/// <summary>
/// Tests that set process environment variables, and tests that build hosts reading them: never in parallel, or a
/// host would see another test's variables (StdioEnvironmentTests' upstream settings broke ForwardedHeadersTests).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "process-environment";
}
