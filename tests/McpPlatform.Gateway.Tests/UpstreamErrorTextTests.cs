using McpPlatform.Gateway.Upstreams;

namespace McpPlatform.Gateway.Tests;

public sealed class UpstreamErrorTextTests
{
    [Fact]
    public void Summarize_StdioServerThatCrashed_KeepsNoStackTraceOrPath()
    {
        // The message the MCP SDK gives for a stdio server that exited, as seen from the connector without its connection string.
        const string message = "MCP server process exited unexpectedly (exit code: 134)\nServer's stderr tail:\nUnhandled exception. System.InvalidOperationException: Database 'maindb' has no connection string.\n   at Microsoft.Extensions.Hosting.ConnectorExtensions.AddDatabases(IHostApplicationBuilder builder) in /work/main/McpPlatform.Connectors.Postgres/Extensions/ConnectorExtensions.cs:line 90";

        var summary = UpstreamErrorText.Summarize(message);

        Assert.Equal("MCP server process exited unexpectedly (exit code: 134)", summary);
    }

    [Fact]
    public void Summarize_VeryLongLine_IsCut()
    {
        var summary = UpstreamErrorText.Summarize(new string('x', 5_000));

        Assert.True(summary.Length <= 201);
    }
}
