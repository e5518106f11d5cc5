namespace McpPlatform.Bench.Suite;

/// <summary>
/// The runner's command line: <c>--smoke</c>, <c>--configuration Release|Debug</c>, <c>--output DIR</c>, <c>--seconds N</c>,
/// <c>--only A|B</c> (systems whose name contains A or B), <c>--gateway-build DIR</c> and <c>--connector-build DIR</c>
/// (run another build of the gateway or connector: its output directory or another checkout's root), <c>--gateway-b DIR</c>
/// (a second gateway from that build: every cell through the gateway is measured on it too, right after, named "… [B]"),
/// <c>--rounds N</c> (the measured pass N times over).
/// </summary>
internal sealed record BenchOptions(
    bool Smoke, string Configuration, string? OutputDirectory, TimeSpan Duration, TimeSpan Warmup, int ScaleSessions, string? Only,
    IReadOnlyDictionary<string, string> Builds, string? GatewayB, int Rounds)
{
    /// <summary>
    /// The warm-up of a cell whose sessions are processes of their own (stdio): they start cold in the cell, so they get
    /// the warm-up pass's 3 s on top of the cell's own warm-up (a .NET server's JIT needs seconds of load, as Node's does less).
    /// </summary>
    public TimeSpan ProcessWarmup => Smoke ? Warmup : Warmup + TimeSpan.FromSeconds(3);

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
            Value("--only"),
            new Dictionary<string, string>
            {
                ["McpPlatform.Gateway"] = Value("--gateway-build")!,
                ["McpPlatform.Connectors.Postgres"] = Value("--connector-build")!,
            }.Where(build => build.Value is not null).ToDictionary(),
            Value("--gateway-b"),
            int.Parse(Value("--rounds") ?? "1", System.Globalization.CultureInfo.InvariantCulture));
    }
}
