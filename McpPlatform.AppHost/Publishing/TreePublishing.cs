using System.Text.Json;

namespace McpPlatform.AppHost.Publishing;

/// <summary>
/// <c>--publisher compose|kubernetes --output-path DIR</c>: publishes the application model as Aspire's
/// manifest, then writes the compose tree for the LAN server, or Kubernetes manifests, from it (Aspire's
/// Docker and Kubernetes publishers are not available here).
/// </summary>
internal static class TreePublishing
{
    private static readonly Dictionary<string, Func<JsonElement, string, string, SortedDictionary<string, string>>> Publishers = new(StringComparer.Ordinal)
    {
        ["compose"] = (manifest, manifestDirectory, output) => ComposeTree.Build(manifest, manifestDirectory, output, RepositoryRoot()),
        ["kubernetes"] = (manifest, manifestDirectory, _) => KubernetesManifests.Build(manifest, manifestDirectory),
    };

    private const string PublisherArgument = "--publisher";
    private const string OutputArgument = "--output-path";

    /// <summary>The arguments the AppHost really runs with: a compose or Kubernetes publish becomes a manifest publish to a temporary file.</summary>
    public static string[] ArgumentsFor(string[] args) =>
        TryGetRequest(args) is null
            ? args
            : [.. Without(args), PublisherArgument, "manifest", OutputArgument, TemporaryManifestPath()];

    /// <summary>After the manifest publish: writes the requested files, and says where.</summary>
    public static void CompleteIfRequested(string[] args)
    {
        if (TryGetRequest(args) is not var (publisher, output))
        {
            return;
        }

        var manifestPath = TemporaryManifestPath();
        try
        {
            using var manifest = JsonDocument.Parse(File.ReadAllText(manifestPath));
            var outputDirectory = Path.GetFullPath(output);
            var files = Publishers[publisher](manifest.RootElement, Path.GetDirectoryName(manifestPath)!, outputDirectory);
            foreach (var (relativePath, content) in files)
            {
                var path = Path.Combine(outputDirectory, relativePath);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, content.ReplaceLineEndings("\n"));
            }

            Console.WriteLine($"Published {publisher} ({files.Count} files) to {outputDirectory}");
        }
        finally
        {
            File.Delete(manifestPath);
        }
    }

    private static (string Publisher, string Output)? TryGetRequest(string[] args)
    {
        var publisher = ValueOf(args, PublisherArgument);
        if (publisher is null || !Publishers.ContainsKey(publisher))
        {
            return null;
        }

        return (publisher, ValueOf(args, OutputArgument) ?? throw new ArgumentException($"--publisher {publisher} needs --output-path <directory>."));
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
    private static string TemporaryManifestPath() => Path.Combine(RepositoryRoot(), $".aspire-manifest.publish-{Environment.ProcessId}.json");

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
