namespace McpPlatform.IntegrationTests;

internal static class RepositoryPaths
{
    /// <summary>The repository root: the nearest directory above the test binaries that holds McpPlatform.sln.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "McpPlatform.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("McpPlatform.sln was not found above " + AppContext.BaseDirectory);
    }
}
