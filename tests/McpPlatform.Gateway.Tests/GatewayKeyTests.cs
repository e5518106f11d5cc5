using McpPlatform.Gateway.Auth;
using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Upstreams;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Tests;

public sealed class GatewayKeyTests
{
    private static readonly Tool ExecuteSql = new() { Name = "execute_sql", Annotations = new ToolAnnotations { ReadOnlyHint = true } };
    private static readonly Tool ListSchemas = new() { Name = "list_schemas", Annotations = new ToolAnnotations { ReadOnlyHint = true } };
    private static readonly Tool Echo = new() { Name = "echo" };

    private static GatewayKey KeyWith(Action<ApiKeyOptions> configure)
    {
        var options = TestOptions.Create();
        configure(options.Keys["local-user"]);
        var wrapped = Options.Create(options);
        return new ApiKeyStore(wrapped, new ServerDirectory(wrapped)).Find(TestOptions.LocalKey)!;
    }

    [Fact]
    public void MayUse_ToolOfAServerNotGranted_IsRefusedWhateverTheLists()
    {
        var key = KeyWith(k => k.Tools = ["*/*"]);

        Assert.False(key.MayUse("everything", Echo));
    }

    [Fact]
    public void MayUse_AllowListByAlias_AllowsOnlyTheMatchingTools()
    {
        var key = KeyWith(k => k.Tools = ["db/list_*"]);

        Assert.True(key.MayUse("postgres_main", ListSchemas));
        Assert.False(key.MayUse("postgres_main", ExecuteSql));
    }

    [Fact]
    public void MayUse_DenyList_WinsOverAllowList()
    {
        var key = KeyWith(k =>
        {
            k.Tools = ["*/*"];
            k.DenyTools = ["postgres_main/execute_sql"];
        });

        Assert.False(key.MayUse("postgres_main", ExecuteSql));
        Assert.True(key.MayUse("postgres_main", ListSchemas));
    }

    [Fact]
    public void MayUse_ReadOnlyKey_RefusesToolsWithoutReadOnlyHint()
    {
        var key = KeyWith(k =>
        {
            k.Servers = ["*"];
            k.ReadOnly = true;
        });

        Assert.True(key.MayUse("postgres_main", ExecuteSql));
        Assert.False(key.MayUse("everything", Echo));
        Assert.False(key.MayUse("everything", new Tool { Name = "x", Annotations = new ToolAnnotations { ReadOnlyHint = false } }));
    }

    [Theory]
    [InlineData("postgres_main/execute_sql", "postgres_main", "execute_sql", true)]
    [InlineData("postgres_main/execute_*", "postgres_main", "execute_sql", true)]
    [InlineData("postgres_main/execute_*", "postgres_main", "explain_query", false)]
    [InlineData("*/*", "anything", "tool", true)]
    [InlineData("postgres_main/execute_sql", "other", "execute_sql", false)]
    [InlineData("postgres_main/execute_sql", "postgres_main", "EXECUTE_SQL", false)]
    public void ToolPattern_Matches_ServerAndToolNameOrPrefix(string pattern, string server, string tool, bool expected)
    {
        var (patternServer, patternTool) = ToolPattern.Split(pattern)!.Value;

        Assert.Equal(expected, new ToolPattern(patternServer, patternTool).Matches(server, tool));
    }

    [Theory]
    [InlineData("execute_sql")]
    [InlineData("/execute_sql")]
    [InlineData("postgres_main/")]
    public void ToolPattern_Split_RefusesPatternsWithoutBothParts(string pattern)
    {
        Assert.Null(ToolPattern.Split(pattern));
    }
}
