using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace McpPlatform.IntegrationTests;

/// <summary>
/// The built Postgres connector as its own HTTP process on <c>localhost</c>, with the environment and settings a test
/// gives it (no <c>Connector:Secret</c> unless given). Its console output is kept for assertions.
/// </summary>
public sealed class ConnectorProcess : IAsyncDisposable
{
    private static readonly string Assembly = Path.Combine(
        RepositoryPaths.Root, "McpPlatform.Connectors.Postgres", "bin", BuildConfiguration.Name, "net10.0", "McpPlatform.Connectors.Postgres.dll");

    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private ConnectorProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    /// <summary><c>http://localhost:PORT</c>: the DNS-rebinding scenario of the conformance suite needs a localhost URL.</summary>
    public Uri BaseAddress { get; }

    public Uri McpUrl => new(BaseAddress, "/mcp");

    /// <summary>What the process wrote to stdout and stderr so far.</summary>
    public string Output => string.Join('\n', output);

    /// <summary>Starts a connector in Development without a secret (its MCP endpoints open) and waits until it answers <c>/alive</c>.</summary>
    public static async Task<ConnectorProcess> StartOpenAsync(string connectionString)
    {
        var connector = Start(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__maindb"] = connectionString,
        });
        try
        {
            await connector.WaitUntilAliveAsync(TimeSpan.FromSeconds(60));
            return connector;
        }
        catch
        {
            await connector.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the connector with exactly <paramref name="environment"/> added (no <c>Connector__Secret</c> from outside).</summary>
    public static ConnectorProcess Start(IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(Assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])[Assembly, "--urls", $"http://localhost:{port}"])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("Connector__Secret");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        var connector = new ConnectorProcess(process, new Uri($"http://localhost:{port}"));
        process.OutputDataReceived += (_, line) => connector.Record(line.Data);
        process.ErrorDataReceived += (_, line) => connector.Record(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return connector;
    }

    /// <summary>Waits for the process to end by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
        return process.ExitCode;
    }

    private async Task WaitUntilAliveAsync(TimeSpan timeout)
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The connector exited with {process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "/alive"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"The connector did not answer /alive within {timeout}:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            output.Enqueue(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
