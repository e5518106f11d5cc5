using System.Collections.Concurrent;
using ModelContextProtocol.Client;

namespace McpPlatform.IntegrationTests;

/// <summary>
/// The connector over stdio is spawned by a client from the client's own working directory: it still reads the
/// appsettings.json beside its assembly (log levels, SQL limits). Without it, every call wrote the MCP SDK's and
/// Npgsql's Information lines to stderr, which cost a third of the stdio calls/s in bench/ (issue 16).
/// </summary>
public sealed class ConnectorStdioSettingsTests
{
    [Fact]
    public async Task Stdio_SpawnedFromAnotherWorkingDirectory_ReadsItsOwnAppSettings()
    {
        var assembly = Path.Combine(RepositoryPaths.Root, "McpPlatform.Connectors.Postgres", "bin", BuildConfiguration.Name, "net10.0", "McpPlatform.Connectors.Postgres.dll");
        var elsewhere = Directory.CreateTempSubdirectory("stdio-client-cwd-");
        var stderr = new ConcurrentQueue<string>();
        try
        {
            await using (var client = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
            {
                Command = "dotnet",
                Arguments = [assembly, "--stdio"],
                WorkingDirectory = elsewhere.FullName,
                // tools/list needs no database; nothing listens on port 1.
                EnvironmentVariables = new Dictionary<string, string?> { ["ConnectionStrings__maindb"] = "Host=127.0.0.1;Port=1;Database=none;Username=none" },
                Name = "postgres-stdio",
                StandardErrorLines = stderr.Enqueue,
            })))
            {
                for (var i = 0; i < 3; i++)
                {
                    Assert.Contains(await client.ListToolsAsync(), tool => tool.Name == "execute_sql");
                }

                await Task.Delay(500); // the console logger writes from a queue: let it drain before the process goes
            }

            var contentRoot = Path.GetDirectoryName(assembly)!;
            Assert.Contains(stderr, line => line.Contains("Content root path: " + contentRoot, StringComparison.Ordinal));
            Assert.DoesNotContain(stderr, line => line.Contains("request handler called", StringComparison.Ordinal));
        }
        finally
        {
            elsewhere.Delete(recursive: true);
        }
    }
}
