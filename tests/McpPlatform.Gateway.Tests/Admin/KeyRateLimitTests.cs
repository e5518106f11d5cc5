using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using McpPlatform.Gateway.Limits;
using McpPlatform.Gateway.Tests.Pipeline;
using McpPlatform.Gateway.Tests.Storage;

namespace McpPlatform.Gateway.Tests.Admin;

/// <summary>Requests per minute per key: 429 with Retry-After on every route, other keys unaffected.</summary>
[Collection(GatewayPostgres.Collection)]
public sealed class KeyRateLimitTests(GatewayPostgres postgres)
{
    [Fact]
    public async Task VirtualKey_PastItsRequestsPerMinute_Gets429WithRetryAfter_OtherKeysServed()
    {
        await using var host = await AdminTestHost.StartAsync([new FakeUpstream("alpha")], await postgres.CreateDatabaseAsync());
        var (_, key, _) = await host.CreateKeyAsync(new { name = "slow", servers = new[] { "*" }, requestsPerMinute = 3 });
        await host.WaitForStatusAsync(key, HttpStatusCode.OK); // one request
        using var http = host.Gateway.Http(key);

        using var second = await http.GetAsync("/v1/access");
        using var third = await http.GetAsync("/v1/mcp/servers");
        using var refused = await http.PostAsJsonAsync("/mcp", new { jsonrpc = "2.0", id = 1, method = "tools/list" });
        using var other = await host.Gateway.Http().GetAsync("/v1/models");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 20);
        var error = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("key_rate_limit", error.GetProperty("code").GetString());
        Assert.Contains("may make 3 requests per minute", error.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task ConfigurationKey_RequestsPerMinute_AppliesToItsServerRouteToo()
    {
        await using var host = await AdminTestHost.StartAsync(
            [new FakeUpstream("alpha")], connectionString: null, new Dictionary<string, string?> { ["Gateway:Keys:narrow:Limits:RequestsPerMinute"] = "1" });
        using var http = host.Gateway.Http(GatewayHost.NarrowKey);

        using var first = await http.GetAsync("/v1/models");
        using var second = await http.PostAsJsonAsync("/mcp/alpha", new { jsonrpc = "2.0", id = 1, method = "tools/list" });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Contains("Gateway:Keys:narrow:Limits:RequestsPerMinute", await second.Content.ReadAsStringAsync());
        Assert.True(second.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
    }

    [Theory]
    [InlineData(60, 1, 1.0)]
    [InlineData(90, 3, 2.0)]
    [InlineData(10, 1, 6.0)]
    [InlineData(6000, 100, 1.0)]
    [InlineData(7, 7, 60.0)]
    public void Bucket_RefillsAMinutesWorthEvenly(int perMinute, int tokensPerPeriod, double periodSeconds)
    {
        var bucket = KeyRateLimits.Bucket(perMinute);

        Assert.Equal(perMinute, bucket.TokenLimit);
        Assert.Equal(tokensPerPeriod, bucket.TokensPerPeriod);
        Assert.Equal(TimeSpan.FromSeconds(periodSeconds), bucket.ReplenishmentPeriod);
    }
}
