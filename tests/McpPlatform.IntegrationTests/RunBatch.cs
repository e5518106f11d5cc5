using System.Collections.Concurrent;

namespace McpPlatform.IntegrationTests;

/// <summary>
/// The external runs of one test class (a Node client each, seconds of start-up), all started when its first test asks
/// for one, so that they overlap instead of running one after another; each test still awaits and checks its own run,
/// and a failed run fails only the test that asked for it. A filtered test run still starts the class's other runs.
/// </summary>
/// <param name="run">Runs the client with the arguments of one test.</param>
/// <param name="all">The arguments of every test of the class.</param>
internal sealed class RunBatch<TResult>(Func<string[], Task<TResult>> run, IEnumerable<string[]> all)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TResult>>> runs = new(StringComparer.Ordinal);

    /// <summary>The run with <paramref name="arguments"/> (started now if it is not among <c>all</c>), after starting every other.</summary>
    public Task<TResult> GetAsync(params string[] arguments)
    {
        foreach (var other in all)
        {
            _ = Start(other);
        }

        return Start(arguments);
    }

    private Task<TResult> Start(string[] arguments) =>
        runs.GetOrAdd(string.Join('\0', arguments), _ => new Lazy<Task<TResult>>(() => run(arguments))).Value;
}
