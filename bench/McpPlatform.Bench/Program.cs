using McpPlatform.Bench.Suite;

return await BenchmarkRun.MainAsync(args);
