using System.Diagnostics;
using McpPlatform.Gateway.Onboarding;

namespace McpPlatform.Gateway.Tests.Onboarding;

/// <summary>A key or host written into a setup stays data: a real shell reads back exactly the value, whatever it holds.</summary>
public sealed class ConfigTextTests
{
    [Theory]
    [InlineData("plain-key_0123.xyz")]
    [InlineData("it's a key")]
    [InlineData("$(touch /tmp/pwned) `id` \"quoted\" \\ back;slash && more")]
    [InlineData("Authorization: Bearer a'b'c")]
    public async Task Shell_ReadBackByBash_IsTheValueItself(string value)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("printf %s " + ConfigText.Shell(value));
        using var bash = Process.Start(start)!;
        var output = await bash.StandardOutput.ReadToEndAsync();
        await bash.WaitForExitAsync();

        Assert.Equal(value, output);
    }

    [Theory]
    [InlineData("http://localhost/mcp", "\"http://localhost/mcp\"")]
    [InlineData("a\"b\\c", "\"a\\\"b\\\\c\"")]
    [InlineData("line\nbreak", "\"line\\u000Abreak\"")]
    public void Toml_EscapesQuotesBackslashesAndControlCharacters(string value, string expected) =>
        Assert.Equal(expected, ConfigText.Toml(value));
}
