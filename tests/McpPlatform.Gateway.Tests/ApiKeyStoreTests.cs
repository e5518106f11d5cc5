using McpPlatform.Gateway.Auth;
using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Upstreams;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Tests;

public sealed class ApiKeyStoreTests
{
    private static ApiKeyStore CreateStore(GatewayOptions options)
    {
        var wrapped = Options.Create(options);
        return new ApiKeyStore(wrapped, new ServerDirectory(wrapped));
    }

    [Fact]
    public void Find_ConfiguredKey_ReturnsItWithAliasResolvedToServer()
    {
        var store = CreateStore(TestOptions.Create());

        var key = store.Find(TestOptions.LocalKey);

        Assert.NotNull(key);
        Assert.Equal("local-user", key.Name);
        Assert.True(key.MayUse("postgres_main"));
        Assert.False(key.MayUse("everything"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("local-user")]
    [InlineData("local-user-key-012345678")]
    [InlineData("LOCAL-USER-KEY-0123456789")]
    [InlineData("local-user-key-0123456789 ")]
    public void Find_AnyOtherString_ReturnsNull(string presented)
    {
        var store = CreateStore(TestOptions.Create());

        Assert.Null(store.Find(presented));
    }

    [Fact]
    public void Find_KeyConfiguredOnlyByDigest_IsFound()
    {
        var options = TestOptions.Create();
        options.Keys["local-user"].Key = null;
        options.Keys["local-user"].KeySha256 = KeyHasher.Sha256Hex(TestOptions.LocalKey).ToUpperInvariant();

        var key = CreateStore(options).Find(TestOptions.LocalKey);

        Assert.Equal("local-user", key?.Name);
    }

    [Fact]
    public void Find_WildcardKey_MayUseEveryServer()
    {
        var options = TestOptions.Create();
        options.Keys["local-user"].Servers = ["*"];

        var key = CreateStore(options).Find(TestOptions.LocalKey)!;

        Assert.True(key.MayUse("postgres_main"));
        Assert.True(key.MayUse("everything"));
    }
}
