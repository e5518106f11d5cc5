using System.Globalization;
using System.Text.Json;
using McpPlatform.Bench.Infrastructure;

namespace McpPlatform.Bench.Suite;

/// <summary>
/// The gateway of the flood run, on loopback with <c>server-everything</c> over stdio as its only upstream, and keys
/// from configuration: <c>normal-1</c> … <c>normal-N</c>, each with a requests-per-minute limit far above what it makes
/// (so that every key has a limit, as an admin would set them, and only the flooder reaches its own), and
/// <c>flooder</c> with the run's limits on requests per minute and calls in flight.
/// </summary>
internal sealed class FloodGateway : IAsyncDisposable
{
    public const string FloodKeyName = "flooder";

    public const string Server = "everything";

    /// <summary>A normal key's requests per minute: 10,000 a second, beyond what the gateway serves on two cores.</summary>
    private const int NormalRequestsPerMinute = 600_000;

    private FloodGateway(ManagedProcess process, Uri root)
    {
        Process = process;
        Root = root;
    }

    public ManagedProcess Process { get; }

    public Uri Root { get; }

    /// <summary>The per-server route of the upstream: every key's calls go here.</summary>
    public Uri Endpoint => new(Root, "/mcp/" + Server);

    public static string NormalKeyName(int number) => $"normal-{number}";

    /// <summary>A key's secret: fixed, the bench's own (at least 16 characters, as the gateway requires).</summary>
    public static string SecretOf(string keyName) => $"bench-{keyName}-0123456789abcdef";

    public static async Task<FloodGateway> StartAsync(RepositoryLayout layout, FloodOptions options, string logDirectory)
    {
        var assembly = layout.Assembly("McpPlatform.Gateway");
        var port = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Gateway__Servers__postgres_main__Enabled"] = "false", // its appsettings.json's server: not started here
            [$"Gateway__Servers__{Server}__Transport"] = "stdio",
            [$"Gateway__Servers__{Server}__Command"] = layout.Node,
            [$"Gateway__Servers__{Server}__Args__0"] = layout.ServerEverything,
            [$"Gateway__Servers__{Server}__Args__1"] = "stdio",
            ["Gateway__Keys__local-user__Key"] = SecretOf("local-user"), // its appsettings.json's key: unused here
            [$"Gateway__Keys__{FloodKeyName}__Key"] = SecretOf(FloodKeyName),
            [$"Gateway__Keys__{FloodKeyName}__Servers__0"] = Server,
            [$"Gateway__Keys__{FloodKeyName}__Limits__RequestsPerMinute"] = options.FloodRequestsPerMinute.ToString(CultureInfo.InvariantCulture),
            [$"Gateway__Keys__{FloodKeyName}__Limits__MaxPendingCalls"] = options.FloodMaxPendingCalls.ToString(CultureInfo.InvariantCulture),
        };
        for (var number = 1; number <= options.Keys; number++)
        {
            var name = NormalKeyName(number);
            environment[$"Gateway__Keys__{name}__Key"] = SecretOf(name);
            environment[$"Gateway__Keys__{name}__Servers__0"] = Server;
            environment[$"Gateway__Keys__{name}__Limits__RequestsPerMinute"] = NormalRequestsPerMinute.ToString(CultureInfo.InvariantCulture);
        }

        var process = ManagedProcess.Start("gateway", "dotnet", [assembly, "--urls", $"http://127.0.0.1:{port}"], environment, logDirectory, Path.GetDirectoryName(assembly));
        var gateway = new FloodGateway(process, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await process.WaitForHttpAsync(new Uri(gateway.Root, "/health"), TimeSpan.FromSeconds(60));
            await gateway.WaitForUpstreamAsync();
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    /// <summary>The gateway answers before its stdio upstream has started: wait until it reports it up.</summary>
    private async Task WaitForUpstreamAsync()
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", SecretOf(NormalKeyName(1)));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            using var servers = JsonDocument.Parse(await http.GetStringAsync(new Uri(Root, "/v1/mcp/servers")));
            if (servers.RootElement.GetProperty("servers").EnumerateArray().Any(server => server.GetProperty("status").GetString() == "up"))
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"The gateway did not report {Server} up within 60 s; see {Process.LogFile}.");
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
