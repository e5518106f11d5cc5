using System.Globalization;
using System.Text.Json;

namespace McpPlatform.Bench.Load;

/// <summary>
/// The flooder as a process of its own (<c>McpPlatform.Bench.dll --flood-worker --url URL --callers N</c>, the key in
/// <see cref="KeyVariable"/>): it floods until a line (or the end) arrives on its standard input, then prints its
/// <see cref="FloodResult"/> as one JSON line. A process of its own so that its 64 busy callers share neither the
/// thread pool nor the garbage collector of the load whose latency is measured (<see cref="FloodProcess"/>).
/// </summary>
internal static class FloodWorker
{
    public const string Flag = "--flood-worker";

    /// <summary>The flooding key: in the environment, not on the command line where any <c>ps</c> shows it.</summary>
    public const string KeyVariable = "MCPPLATFORM_BENCH_FLOOD_KEY";

    /// <summary>Written when the first answer arrived: the flood is on.</summary>
    public const string ReadyLine = "flooding";

    public const string Tool = "echo";

    public const string Arguments = """{"message":"hello"}""";

    public static async Task<int> MainAsync(string[] args)
    {
        string Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length
            ? args[i + 1]
            : throw new ArgumentException($"{Flag} needs {name}.");
        var endpoint = new Uri(Value("--url"));
        var callers = int.Parse(Value("--callers"), CultureInfo.InvariantCulture);
        var key = Environment.GetEnvironmentVariable(KeyVariable) ?? throw new ArgumentException($"{Flag} needs the key in {KeyVariable}.");

        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
        })
        { Timeout = TimeSpan.FromSeconds(30) };
        using var stop = new CancellationTokenSource();
        var stopping = Task.Run(async () =>
        {
            await Console.In.ReadLineAsync();
            await stop.CancelAsync();
        });
        var result = await FloodLoad.RunAsync(http, endpoint, key, Tool, Arguments, callers, () => Console.WriteLine(ReadyLine), stop.Token);
        Console.WriteLine(JsonSerializer.Serialize(result));
        await stopping;
        return 0;
    }
}
