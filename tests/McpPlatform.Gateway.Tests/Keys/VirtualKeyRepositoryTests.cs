using System.Security.Cryptography;
using System.Text;
using McpPlatform.Gateway.Keys;
using McpPlatform.Gateway.Storage;
using McpPlatform.Gateway.Tests.Storage;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace McpPlatform.Gateway.Tests.Keys;

[Collection(GatewayPostgres.Collection)]
public sealed class VirtualKeyRepositoryTests(GatewayPostgres postgres)
{
    private static readonly VirtualKeySpec Spec = new()
    {
        Name = "ci runner",
        Owner = "ops@example.lan",
        Servers = ["db"],
        Tools = ["db/list_*"],
        DenyTools = ["db/execute_sql"],
        Resources = ["db/postgres://maindb/*"],
        ReadOnly = true,
        RequestsPerMinute = 120,
        MaxConcurrent = 4,
    };

    [Fact]
    public async Task CreateAsync_ReturnsTheKeyOnce_StoresOnlyItsSha256()
    {
        var (database, _) = await postgres.CreateReadyDatabaseAsync();
        var repository = new VirtualKeyRepository(database);

        var created = await repository.CreateAsync(Spec, CancellationToken.None);

        Assert.Matches("^vk_[a-z2-9]{12}$", created.Key.Id);
        Assert.Matches("^mcp_[a-z2-9]{8}$", created.Key.Prefix);
        Assert.Matches("^mcp_[a-z2-9]{8}_[A-Za-z0-9]{43}$", created.Secret);
        Assert.StartsWith(created.Key.Prefix + "_", created.Secret);
        Assert.Equal(("ci runner", "ops@example.lan", true, 120, 4, true), (created.Key.Spec.Name, created.Key.Spec.Owner, created.Key.Spec.ReadOnly, created.Key.Spec.RequestsPerMinute, created.Key.Spec.MaxConcurrent, created.Key.Spec.Enabled));
        Assert.Equal(["db/list_*"], created.Key.Spec.Tools);
        Assert.Equal(["db/postgres://maindb/*"], created.Key.Spec.Resources);
        Assert.DoesNotContain(created.Secret, created.ToString());
        var row = await GatewayPostgres.ScalarAsync<string>(database.DataSource, "SELECT row_to_json(k)::text FROM virtual_keys k");
        Assert.DoesNotContain(created.Secret[created.Key.Prefix.Length..], row);
        var digest = await GatewayPostgres.ScalarAsync<byte[]>(database.DataSource, "SELECT key_sha256 FROM virtual_keys");
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(created.Secret)), digest);
    }

    [Fact]
    public async Task Cache_PresentedKey_FindsItByDigestAfterOneRefresh()
    {
        var (database, _) = await postgres.CreateReadyDatabaseAsync();
        await using var host = await new VirtualKeyTestHost(database).StartAsync();
        var created = await host.Repository.CreateAsync(Spec, CancellationToken.None);

        await host.RefreshAsync();

        Assert.Equal(created.Key.Id, host.Cache.FindActive(created.Secret)?.Id);
        Assert.Null(host.Cache.Find(created.Secret + "x"));
        Assert.Null(host.Cache.Find(created.Key.Prefix));
        Assert.Null(host.Cache.Find("not-a-virtual-key-at-all"));
    }

    [Fact]
    public async Task RotateAsync_OldKeyRefused_NewKeyAccepted_IdKept()
    {
        var (database, _) = await postgres.CreateReadyDatabaseAsync();
        await using var host = await new VirtualKeyTestHost(database).StartAsync();
        var created = await host.Repository.CreateAsync(Spec, CancellationToken.None);

        var rotated = await host.Repository.RotateAsync(created.Key.Id, CancellationToken.None);
        await host.RefreshAsync();

        Assert.NotNull(rotated);
        Assert.Equal(created.Key.Id, rotated.Key.Id);
        Assert.NotEqual(created.Secret, rotated.Secret);
        Assert.NotEqual(created.Key.Prefix, rotated.Key.Prefix);
        Assert.Null(host.Cache.Find(created.Secret));
        Assert.Equal(created.Key.Id, host.Cache.FindActive(rotated.Secret)?.Id);
    }

    [Fact]
    public async Task RevokeAsync_KeyRefusedForGood_StaysListed_CannotBeRotatedBack()
    {
        var (database, _) = await postgres.CreateReadyDatabaseAsync();
        await using var host = await new VirtualKeyTestHost(database).StartAsync();
        var created = await host.Repository.CreateAsync(Spec, CancellationToken.None);

        var revoked = await host.Repository.RevokeAsync(created.Key.Id, CancellationToken.None);
        var again = await host.Repository.RevokeAsync(created.Key.Id, CancellationToken.None);
        var rotated = await host.Repository.RotateAsync(created.Key.Id, CancellationToken.None);
        var enabledAgain = await host.Repository.UpdateAsync(created.Key.Id, Spec with { Enabled = true }, CancellationToken.None);
        await host.RefreshAsync();

        Assert.NotNull(revoked?.RevokedAt);
        Assert.Equal(revoked.RevokedAt, again?.RevokedAt);
        Assert.Null(rotated);
        Assert.Equal(VirtualKeyStatus.Revoked, enabledAgain?.StatusAt(DateTimeOffset.UtcNow));
        Assert.Null(host.Cache.FindActive(created.Secret));
        Assert.Equal(VirtualKeyStatus.Revoked, host.Cache.Find(created.Secret)?.StatusAt(DateTimeOffset.UtcNow));
        Assert.Single(await host.Repository.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ExpiresAt_Passed_KeyRefusedAsExpired()
    {
        var (database, _) = await postgres.CreateReadyDatabaseAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await new VirtualKeyTestHost(database, timeProvider: time).StartAsync();
        var created = await host.Repository.CreateAsync(Spec with { ExpiresAt = time.GetUtcNow().AddHours(1) }, CancellationToken.None);
        await host.RefreshAsync();
        var before = host.Cache.FindActive(created.Secret);

        time.Advance(TimeSpan.FromMinutes(61));
        await host.RefreshAsync();

        Assert.NotNull(before);
        Assert.Null(host.Cache.FindActive(created.Secret));
        Assert.Equal(VirtualKeyStatus.Expired, host.Cache.Find(created.Secret)?.StatusAt(time.GetUtcNow()));
    }

    [Fact]
    public async Task UpdateAsync_DisabledThenEnabled_FollowsTheFlag_KeepsTheKey()
    {
        var (database, _) = await postgres.CreateReadyDatabaseAsync();
        await using var host = await new VirtualKeyTestHost(database).StartAsync();
        var created = await host.Repository.CreateAsync(Spec, CancellationToken.None);

        var disabled = await host.Repository.UpdateAsync(created.Key.Id, Spec with { Enabled = false, Name = "paused", ReadOnly = false }, CancellationToken.None);
        await host.RefreshAsync();
        var whileDisabled = host.Cache.Find(created.Secret)?.StatusAt(DateTimeOffset.UtcNow);
        await host.Repository.UpdateAsync(created.Key.Id, Spec, CancellationToken.None);
        await host.RefreshAsync();

        Assert.Equal("paused", disabled?.Spec.Name);
        Assert.False(disabled?.Spec.ReadOnly);
        Assert.True(disabled?.UpdatedAt >= created.Key.UpdatedAt);
        Assert.Equal(VirtualKeyStatus.Disabled, whileDisabled);
        Assert.NotNull(host.Cache.FindActive(created.Secret));
        Assert.Null(await host.Repository.UpdateAsync("vk_nosuchkey000", Spec, CancellationToken.None));
    }

    [Fact]
    public async Task DeleteAsync_RemovesTheKey_SecondDeleteFindsNothing()
    {
        var (database, _) = await postgres.CreateReadyDatabaseAsync();
        await using var host = await new VirtualKeyTestHost(database).StartAsync();
        var created = await host.Repository.CreateAsync(Spec, CancellationToken.None);

        var first = await host.Repository.DeleteAsync(created.Key.Id, CancellationToken.None);
        var second = await host.Repository.DeleteAsync(created.Key.Id, CancellationToken.None);
        await host.RefreshAsync();

        Assert.True(first);
        Assert.False(second);
        Assert.Null(await host.Repository.GetAsync(created.Key.Id, CancellationToken.None));
        Assert.Null(host.Cache.Find(created.Secret));
    }

    [Theory]
    [InlineData("", "name must be")]
    [InlineData("tools", "tools[0] 'no-slash' must be server/name")]
    [InlineData("resources", "resources[0] 'db/a*b' has a * before its end")]
    [InlineData("limits", "requestsPerMinute must be at least 1")]
    public async Task CreateAsync_InvalidSpec_IsRefusedNamingTheField(string problem, string expected)
    {
        var (database, _) = await postgres.CreateReadyDatabaseAsync();
        var spec = problem switch
        {
            "" => Spec with { Name = " " },
            "tools" => Spec with { Tools = ["no-slash"] },
            "resources" => Spec with { Resources = ["db/a*b"] },
            _ => Spec with { RequestsPerMinute = 0 },
        };

        var refusal = await Assert.ThrowsAsync<ArgumentException>(() => new VirtualKeyRepository(database).CreateAsync(spec, CancellationToken.None));

        Assert.Contains(expected, refusal.Message);
        Assert.Equal(0L, await GatewayPostgres.ScalarAsync<long>(database.DataSource, "SELECT count(*) FROM virtual_keys"));
    }

    [Fact]
    public async Task Repository_DatabaseNotReadyOrNotConfigured_RefusesWithTheReason()
    {
        var notReady = new GatewayDatabase(postgres.DataSource(await postgres.CreateDatabaseAsync()));
        var notConfigured = new GatewayDatabase(null);

        var early = await Assert.ThrowsAsync<StorageUnavailableException>(() => new VirtualKeyRepository(notReady).ListAsync(CancellationToken.None));
        var none = await Assert.ThrowsAsync<StorageUnavailableException>(() => new VirtualKeyRepository(notConfigured).CreateAsync(Spec, CancellationToken.None));

        Assert.Equal("the database has not been reached yet", early.Reason);
        Assert.Equal("not configured (ConnectionStrings:gatewaydb is not set)", none.Reason);
    }

    [Fact]
    public void ToApiKeyOptions_CarriesTheRulesAsAConfigurationKeyWould()
    {
        var key = new VirtualKey("vk_abc", "mcp_abcdefgh", Spec) { CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow, KeySha256 = new string('a', 64) };

        var options = key.ToApiKeyOptions();

        Assert.Equal(new string('a', 64), options.KeySha256);
        Assert.Null(options.Key);
        Assert.Equal(["db"], options.Servers);
        Assert.Equal(["db/execute_sql"], options.DenyTools);
        Assert.True(options.ReadOnly);
        Assert.Equal(4, options.Limits.MaxPendingCalls);
    }

    [Fact]
    public void Cache_NotRefreshedForLongerThanMaxStaleness_RefusesVirtualKeys()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var cache = new VirtualKeyCache(time, Options.Create(new VirtualKeyOptions { MaxStaleness = TimeSpan.FromMinutes(10) }));
        const string Presented = "mcp_abcdefgh_0123456789012345678901234567890123456789012";
        var key = new VirtualKey("vk_abc", "mcp_abcdefgh", Spec) { CreatedAt = time.GetUtcNow(), UpdatedAt = time.GetUtcNow(), KeySha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Presented))) };
        var beforeLoad = cache.Find(Presented);
        cache.Publish(new VirtualKeySnapshot(1, [key]));
        var fresh = cache.FindActive(Presented);

        time.Advance(TimeSpan.FromMinutes(11));

        Assert.Null(beforeLoad);
        Assert.NotNull(fresh);
        Assert.False(cache.IsUsable);
        Assert.Null(cache.Find(Presented));
    }
}
