using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace McpPlatform.Bench.Infrastructure;

/// <summary>
/// When the runner is interrupted (Ctrl+C, <c>kill</c>, a closed terminal) nothing it started may outlive it: every
/// registered clean-up (kill a process tree, delete a data directory) runs before the runner exits.
/// </summary>
internal static class Interruption
{
    private static readonly ConcurrentDictionary<Registration, Action> CleanUps = new();

    /// <summary>Handles SIGINT, SIGTERM and SIGHUP for as long as the returned registrations live.</summary>
    public static IReadOnlyList<IDisposable> HandleSignals() =>
        [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }.Select(signal => PosixSignalRegistration.Create(signal, OnSignal))];

    /// <summary>Runs <paramref name="cleanUp"/> if the runner is interrupted before the registration is disposed.</summary>
    public static IDisposable OnInterrupt(Action cleanUp)
    {
        var registration = new Registration();
        CleanUps[registration] = cleanUp;
        return registration;
    }

    private static void OnSignal(PosixSignalContext context)
    {
        // Processes first, then what they used (a data directory), whatever order they were registered in.
        foreach (var cleanUp in CleanUps.OrderBy(pair => pair.Key.Order).Select(pair => pair.Value))
        {
            try
            {
                cleanUp();
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
            {
                Console.Error.WriteLine($"Clean-up after {context.Signal} failed: {ex.Message}");
            }
        }

        Console.Error.WriteLine($"Interrupted ({context.Signal}): stopped every process the benchmark started.");
        Environment.Exit(context.Signal switch { PosixSignal.SIGINT => 130, PosixSignal.SIGHUP => 129, _ => 143 });
    }

    private sealed class Registration : IDisposable
    {
        private static long next;

        /// <summary>Later registrations (the data directory is registered after its server) run later.</summary>
        public long Order { get; } = Interlocked.Increment(ref next);

        public void Dispose() => CleanUps.TryRemove(this, out _);
    }
}
