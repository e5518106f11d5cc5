using System.Text.Json;

namespace McpPlatform.AppHost.Publishing;

/// <summary>
/// <c>--publisher compose --output-path DIR</c>: publishes the application model as Aspire's manifest, then
/// writes the compose tree for the LAN server from it (Aspire's Docker publisher is not available here).
/// </summary>
internal static class ComposePublishing
{
    private const string PublisherArgument = "--publisher";
    private const string OutputArgument = "--output-path";

    /// <summary>The arguments the AppHost really runs with: a compose publish becomes a manifest publish to a temporary file.</summary>
    public static string[] ArgumentsFor(string[] args) =>
        TryGetComposeOutput(args) is null
            ? args
            : [.. Without(args), PublisherArgument, "manifest", OutputArgument, TemporaryManifestPath()];

    /// <summary>After the manifest publish: writes the compose tree, and says where.</summary>
    public static void CompleteIfRequested(string[] args)
    {
        if (TryGetComposeOutput(args) is not { } output)
        {
            return;
        }

        var manifestPath = TemporaryManifestPath();
        try
        {
            using var manifest = JsonDocument.Parse(File.ReadAllText(manifestPath));
            var outputDirectory = Path.GetFullPath(output);
            var files = ComposeTree.Build(manifest.RootElement, Path.GetDirectoryName(manifestPath)!, outputDirectory, RepositoryRoot());
            foreach (var (relativePath, content) in files)
            {
                var path = Path.Combine(outputDirectory, relativePath);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, content.ReplaceLineEndings("\n"));
            }

            Console.WriteLine($"Published the compose tree ({files.Count} files) to {outputDirectory}");
        }
        finally
        {
            File.Delete(manifestPath);
        }
    }

    private static string? TryGetComposeOutput(string[] args)
    {
        var publisher = ValueOf(args, PublisherArgument);
        if (!string.Equals(publisher, "compose", StringComparison.Ordinal))
        {
            return null;
        }

        return ValueOf(args, OutputArgument) ?? throw new ArgumentException("--publisher compose needs --output-path <directory>.");
    }

    private static string? ValueOf(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static IEnumerable<string> Without(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is PublisherArgument or OutputArgument)
            {
                i++;
                continue;
            }

            yield return args[i];
        }
    }

    // In the repository root, so that the manifest's relative project paths stay short and stable.
    private static string TemporaryManifestPath() => Path.Combine(RepositoryRoot(), ".aspire-manifest.compose.json");

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "McpPlatform.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The compose publisher runs from the repository: McpPlatform.sln was not found above " + AppContext.BaseDirectory);
    }
}
