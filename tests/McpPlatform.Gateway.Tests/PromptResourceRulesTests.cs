using McpPlatform.Gateway.Auth;
using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Upstreams;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Tests;

public sealed class PromptResourceRulesTests
{
    private static PromptResourceRules RulesOf(Action<ApiKeyOptions> configure)
    {
        var options = TestOptions.Create();
        var key = options.Keys["local-user"];
        key.Servers = ["*"];
        configure(key);
        var wrapped = Options.Create(options);
        return new ApiKeyStore(wrapped, new ServerDirectory(wrapped)).Find(TestOptions.LocalKey)!.PromptsAndResources;
    }

    [Fact]
    public void KeyThatNarrowsNothing_SeesEveryPromptAndResourceAsBefore()
    {
        var rules = RulesOf(_ => { });

        Assert.False(rules.AllowListOnly);
        Assert.True(rules.MayUsePrompt("postgres_main", "explore_schema"));
        Assert.True(rules.AllowsResource("everything", "test://static/resource/1"));
    }

    [Fact]
    public void ReadOnlyKey_KeepsPromptsAndResources()
    {
        var rules = RulesOf(k => k.ReadOnly = true);

        Assert.False(rules.AllowListOnly);
        Assert.True(rules.MayUsePrompt("postgres_main", "explore_schema"));
    }

    [Theory]
    [InlineData("Tools", "db/list_*")]
    [InlineData("DenyTools", "*/execute_sql")]
    [InlineData("Prompts", "db/explore_schema")]
    [InlineData("DenyPrompts", "db/health_review")]
    [InlineData("Resources", "db/postgres://maindb/demo/*")]
    [InlineData("DenyResources", "db/postgres://maindb/hr/*")]
    public void NarrowedKey_SeesOnlyWhatItsAllowListsName(string list, string pattern)
    {
        var rules = RulesOf(k => ListOf(k, list).Add(pattern));

        Assert.True(rules.AllowListOnly);
        Assert.False(rules.MayUsePrompt("everything", "simple_prompt"));
        Assert.False(rules.AllowsResource("everything", "test://static/resource/1"));
        Assert.False(rules.AllowsResource("postgres_main", "postgres://{database}/{schema}/{table}"));
    }

    [Fact]
    public void NarrowedKey_PromptAllowedByAliasPattern_IsTheOnlyOne()
    {
        var rules = RulesOf(k =>
        {
            k.Tools = ["db/list_*"];
            k.Prompts = ["db/explore_schema"];
        });

        Assert.True(rules.MayUsePrompt("postgres_main", "explore_schema"));
        Assert.False(rules.MayUsePrompt("postgres_main", "tune_slow_query"));
        Assert.False(rules.MayUsePrompt("everything", "explore_schema"));
    }

    [Fact]
    public void DenyPrompts_WinsOverAllow()
    {
        var rules = RulesOf(k =>
        {
            k.Prompts = ["*/*"];
            k.DenyPrompts = ["postgres_main/health_review"];
        });

        Assert.True(rules.MayUsePrompt("postgres_main", "explore_schema"));
        Assert.False(rules.MayUsePrompt("postgres_main", "health_review"));
    }

    [Theory]
    [InlineData("postgres://maindb/hr/salaries")]
    [InlineData("postgres://maindb/HR/salaries")]
    [InlineData("postgres://maindb/%68r/salaries")]
    [InlineData("POSTGRES://MAINDB/%48%52/salaries")]
    public void DenyResources_CannotBeDodgedByCaseOrPercentEncoding(string uri)
    {
        var rules = RulesOf(k =>
        {
            k.Resources = ["db/*"];
            k.DenyResources = ["db/postgres://maindb/hr/*"];
        });

        Assert.True(rules.DeniesResource("postgres_main", uri));
        Assert.False(rules.DeniesResource("postgres_main", "postgres://maindb/demo/customers"));
    }

    [Fact]
    public void ResourcePattern_MatchesTheUriAfterTheServerPartWithItsOwnSlashes()
    {
        var rules = RulesOf(k => k.Resources = ["db/postgres://maindb/demo/*", "everything/test://static/resource/1"]);

        Assert.True(rules.AllowsResource("postgres_main", "postgres://maindb/demo/customers"));
        Assert.False(rules.AllowsResource("postgres_main", "postgres://maindb/perf/events"));
        Assert.True(rules.AllowsResource("everything", "test://static/resource/1"));
        Assert.False(rules.AllowsResource("everything", "test://static/resource/10"));
    }

    private static List<string> ListOf(AccessOptions access, string list) => list switch
    {
        "Tools" => access.Tools,
        "DenyTools" => access.DenyTools,
        "Prompts" => access.Prompts,
        "DenyPrompts" => access.DenyPrompts,
        "Resources" => access.Resources,
        _ => access.DenyResources,
    };
}
