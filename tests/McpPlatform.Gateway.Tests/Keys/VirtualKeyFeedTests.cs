using McpPlatform.Gateway.Keys;
using McpPlatform.Gateway.Tests.Storage;
using Xunit.Abstractions;

namespace McpPlatform.Gateway.Tests.Keys;

/// <summary>Two gateway processes on one database: a change made through one is seen by the other within seconds.</summary>
[Collection(GatewayPostgres.Collection)]
public sealed class VirtualKeyFeedTests(GatewayPostgres postgres, ITestOutputHelper output)
{
    private static readonly VirtualKeySpec Spec = new() { Name = "laptop", Servers = ["*"] };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SecondProcess_KeyCreatedRotatedAndRevokedThroughTheFirst_FollowsWithin5Seconds(bool notifications)
    {
        var (first, connectionString) = await postgres.CreateReadyDatabaseAsync();
        var second = await postgres.OpenReadyAsync(connectionString);
        // Polling alone at the default interval (2 s) when notifications are off.
        var options = new VirtualKeyOptions { UseNotifications = notifications };
        await using var admin = await new VirtualKeyTestHost(first, options).StartAsync();
        await using var other = await new VirtualKeyTestHost(second, options).StartAsync();
        var limit = TimeSpan.FromSeconds(5);

        var created = await admin.Repository.CreateAsync(Spec, CancellationToken.None);
        var seenCreated = await VirtualKeyTestHost.WaitUntilAsync(() => other.Cache.FindActive(created.Secret) is not null, limit);
        var rotated = (await admin.Repository.RotateAsync(created.Key.Id, CancellationToken.None))!;
        var seenRotated = await VirtualKeyTestHost.WaitUntilAsync(() => other.Cache.FindActive(rotated.Secret) is not null && other.Cache.Find(created.Secret) is null, limit);
        await admin.Repository.RevokeAsync(created.Key.Id, CancellationToken.None);
        var seenRevoked = await VirtualKeyTestHost.WaitUntilAsync(() => other.Cache.FindActive(rotated.Secret) is null, limit);

        output.WriteLine($"notifications={notifications}: created seen after {seenCreated.TotalMilliseconds:F0} ms, rotated {seenRotated.TotalMilliseconds:F0} ms, revoked {seenRevoked.TotalMilliseconds:F0} ms");
        Assert.Equal(VirtualKeyStatus.Revoked, other.Cache.Find(rotated.Secret)?.StatusAt(DateTimeOffset.UtcNow));
        if (notifications)
        {
            // Well under one poll interval: the notification, not the poll, brought each change.
            Assert.All([seenCreated, seenRotated, seenRevoked], seen => Assert.True(seen < TimeSpan.FromSeconds(1.5), $"{seen} is not a notification's delay"));
        }
    }

    [Fact]
    public async Task SecondProcess_KeyDeletedThroughTheFirst_IsForgotten()
    {
        var (first, connectionString) = await postgres.CreateReadyDatabaseAsync();
        await using var admin = await new VirtualKeyTestHost(first).StartAsync();
        await using var other = await new VirtualKeyTestHost(await postgres.OpenReadyAsync(connectionString)).StartAsync();
        var created = await admin.Repository.CreateAsync(Spec, CancellationToken.None);
        await VirtualKeyTestHost.WaitUntilAsync(() => other.Cache.Find(created.Secret) is not null, TimeSpan.FromSeconds(5));

        await admin.Repository.DeleteAsync(created.Key.Id, CancellationToken.None);

        await VirtualKeyTestHost.WaitUntilAsync(() => other.Cache.Find(created.Secret) is null && other.Cache.Snapshot.Keys.Count == 0, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Cache_Changed_IsRaisedWithTheNewSnapshot()
    {
        var (database, _) = await postgres.CreateReadyDatabaseAsync();
        await using var host = await new VirtualKeyTestHost(database).StartAsync();
        var seen = new TaskCompletionSource<VirtualKeySnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Cache.Changed += snapshot => seen.TrySetResult(snapshot);

        var created = await host.Repository.CreateAsync(Spec, CancellationToken.None);

        var snapshot = await seen.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(created.Key.Id, Assert.Single(snapshot.Keys).Id);
        Assert.Equal(created.Key.Id, snapshot.FindById(created.Key.Id)?.Id);
    }
}
