using System.Globalization;

namespace McpPlatform.Bench.Suite;

/// <summary>
/// The flood run's command line (<c>--flood</c>, bench/flood/run.sh): <c>--seconds N</c> per measured phase (default 10),
/// <c>--keys N</c> normal keys (8) with <c>--sessions-per-key N</c> sessions each (4) calling with <c>--think-ms N</c>
/// between an answer and the next call (20); the flooding key's <c>--flood-callers N</c> (64, no think time) and its
/// limits <c>--flood-rpm N</c> (requests per minute, 600) and <c>--flood-max-pending N</c> (calls in flight, 4);
/// <c>--flood-nice N</c> (the flooder process's nice value, 19, 0 in a smoke run; 0 runs it at normal priority), <c>--rounds N</c>
/// (unloaded then flooded, N times over), <c>--output DIR</c>, <c>--smoke</c> (a fraction of a second per phase, for CI),
/// <c>--configuration</c> and <c>--gateway-build DIR</c> as for the main run.
/// </summary>
internal sealed record FloodOptions(
    bool Smoke, string Configuration, string? OutputDirectory, TimeSpan Duration, TimeSpan Warmup, int Keys, int SessionsPerKey, TimeSpan Think,
    int FloodCallers, int FloodRequestsPerMinute, int FloodMaxPendingCalls, int FloodNice, int Rounds, IReadOnlyDictionary<string, string> Builds)
{
    public static FloodOptions Parse(string[] args)
    {
        var smoke = args.Contains("--smoke");
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        int Number(string name, int fallback, int minimum)
        {
            var value = Value(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
            return value >= minimum ? value : throw new ArgumentException($"{name} must be at least {minimum}.");
        }

        var seconds = double.Parse(Value("--seconds") ?? (smoke ? "0.5" : "10"), CultureInfo.InvariantCulture);
        return new FloodOptions(
            smoke,
            Value("--configuration") ?? "Release",
            Value("--output"),
            TimeSpan.FromSeconds(seconds),
            TimeSpan.FromSeconds(smoke ? 0.3 : 2),
            Number("--keys", 8, 1),
            Number("--sessions-per-key", 4, 1),
            TimeSpan.FromMilliseconds(Number("--think-ms", 20, 0)),
            Number("--flood-callers", 64, 1),
            // A smoke run's flooder lives about a second: a small bucket makes sure it runs past its limit in that time.
            Number("--flood-rpm", smoke ? 60 : 600, 1),
            Number("--flood-max-pending", 4, 1),
            // A smoke run checks that the flood is refused, on machines as busy as CI: there a nice'd flooder may hardly run.
            Number("--flood-nice", smoke ? 0 : 19, 0),
            Number("--rounds", 1, 1),
            Value("--gateway-build") is { } build ? new Dictionary<string, string> { ["McpPlatform.Gateway"] = build } : new Dictionary<string, string>());
    }
}
