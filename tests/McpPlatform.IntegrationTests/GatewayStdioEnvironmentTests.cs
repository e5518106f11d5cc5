using System.Text.Json;
using ModelContextProtocol.Protocol;
using static McpPlatform.IntegrationTests.GatewayTestConfiguration;

namespace McpPlatform.IntegrationTests;

/// <summary>
/// A third-party stdio server started by the real gateway (server-everything, whose <c>get-env</c> tool returns its
/// process's real environment) must not be able to read the gateway's keys, another upstream's secrets or anything
/// else the gateway was started with: it gets a minimal base environment and its own <c>Env</c>.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class GatewayStdioEnvironmentTests(PlatformFixture platform)
{
    /// <summary>The TypeScript and Python SDKs' default set (Unix) and the locale and temp-directory variables.</summary>
    private static readonly HashSet<string> BaseNames = new(StringComparer.Ordinal)
    {
        "HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER", "LANG", "LANGUAGE", "TZ", "TMPDIR", "TMP", "TEMP",
    };

    [Fact]
    public async Task StdioUpstream_DoesNotInheritGatewayKeysOrOtherSecrets()
    {
        await using var client = await platform.ConnectToGatewayAsync("/mcp/everything");

        var result = await client.CallToolAsync("get-env");

        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        var environment = JsonSerializer.Deserialize<Dictionary<string, string>>(text)!;
        Assert.Equal(OwnSettingValue, environment[OwnSettingName]);
        Assert.Contains("PATH", environment.Keys);
        Assert.Contains("HOME", environment.Keys);
        foreach (var secret in (string[])[PlatformFixture.ApiKey, DbOnlyKey, NoSqlKey, GatewaySecretValue, OtherUpstreamSecretValue])
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(environment.Keys, name => name.StartsWith("Gateway__", StringComparison.OrdinalIgnoreCase));
        Assert.All(
            environment.Keys.Where(name => name != OwnSettingName),
            name => Assert.True(BaseNames.Contains(name) || name.StartsWith("LC_", StringComparison.Ordinal), $"{name} reached the stdio server"));
    }
}
