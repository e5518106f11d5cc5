using System.Security.Claims;
using McpPlatform.Gateway.Auth;
using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Telemetry;

namespace McpPlatform.Gateway.Tests.Telemetry;

public sealed class KeyIdsTests
{
    [Theory]
    [InlineData("local-user", "config:local-user")]
    [InlineData("vk_abcdefghijkm", "vk_abcdefghijkm")]
    [InlineData(AnonymousAccessOptions.KeyName, KeyIds.Anonymous)]
    public void Of_KeyName_IsTheKeysPublicId(string name, string expected)
    {
        Assert.Equal(expected, KeyIds.Of(new GatewayKey(name, AllServers: true, new HashSet<string>())));
        Assert.Equal(expected, KeyIds.Of(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ApiKeyAuthenticationHandler.KeyNameClaim, name)], "test"))));
    }

    [Fact]
    public void Of_PrincipalWithoutKey_IsUnauthenticated() =>
        Assert.Equal(KeyIds.Unauthenticated, KeyIds.Of(new ClaimsPrincipal(new ClaimsIdentity())));
}
