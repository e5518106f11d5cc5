using McpPlatform.Bench.Infrastructure;
using McpPlatform.Bench.Suite;

var signals = Interruption.HandleSignals();
try
{
    return await BenchmarkRun.MainAsync(args);
}
finally
{
    foreach (var registration in signals)
    {
        registration.Dispose();
    }
}
