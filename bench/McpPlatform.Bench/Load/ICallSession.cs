namespace McpPlatform.Bench.Load;

/// <summary>One client session of a system under test that can make the benchmark's call, one at a time.</summary>
internal interface ICallSession : IAsyncDisposable
{
    /// <summary>Makes one call and checks that it succeeded; throws when it did not.</summary>
    Task CallAsync(CancellationToken cancellationToken);
}
