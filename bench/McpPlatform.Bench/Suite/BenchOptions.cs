namespace McpPlatform.Bench.Suite;

/// <summary>The runner's command line: <c>--smoke</c>, <c>--configuration Release|Debug</c>, <c>--output DIR</c>, <c>--seconds N</c>, <c>--only A|B</c> (systems whose name contains A or B).</summary>
internal sealed record BenchOptions(bool Smoke, string Configuration, string? OutputDirectory, TimeSpan Duration, TimeSpan Warmup, int ScaleSessions, string? Only)
{
    /// <summary>Whether <c>--only</c> lets this system (a cell's system name, or the scale measurement) run.</summary>
    public bool Includes(string system) =>
        Only is not { } only || only.Split('|').Any(part => system.Contains(part, StringComparison.OrdinalIgnoreCase));

    public static BenchOptions Parse(string[] args)
    {
        var smoke = args.Contains("--smoke");
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var seconds = double.Parse(Value("--seconds") ?? (smoke ? "0.3" : "5"), System.Globalization.CultureInfo.InvariantCulture);
        return new BenchOptions(
            smoke,
            Value("--configuration") ?? "Release",
            Value("--output"),
            TimeSpan.FromSeconds(seconds),
            TimeSpan.FromSeconds(smoke ? 0.2 : 1),
            smoke ? 50 : 1000,
            Value("--only"));
    }
}
