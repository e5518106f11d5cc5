// Every test collection starts at once; the tests of one collection still run one after another. xUnit's default starts
// only as many tests as there are cores (2 in CI), so beside the long platform collection one other test ran at a time,
// though these tests mostly wait for the processes they start (AppHosts, PostgreSQL, npm tools, publishers).
[assembly: CollectionBehavior(MaxParallelThreads = -1)]
