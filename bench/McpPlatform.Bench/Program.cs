using McpPlatform.Bench.Infrastructure;
using McpPlatform.Bench.Load;
using McpPlatform.Bench.Suite;

var signals = Interruption.HandleSignals();
try
{
    return args.Contains(FloodWorker.Flag) ? await FloodWorker.MainAsync(args)
        : args.Contains(FloodRun.Flag) ? await FloodRun.MainAsync(args)
        : await BenchmarkRun.MainAsync(args);
}
finally
{
    foreach (var registration in signals)
    {
        registration.Dispose();
    }
}
