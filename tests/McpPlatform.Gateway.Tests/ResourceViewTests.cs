using McpPlatform.Gateway.Auth;
using McpPlatform.Gateway.Catalog;
using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Upstreams;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Tests;

/// <summary>The resources a key sees and where its reads go, against lists shaped like the Postgres connector's.</summary>
public sealed class ResourceViewTests
{
    private const string TableTemplate = "postgres://{database}/{schema}/{table}";

    private static readonly ServerResources Postgres = new(
        "postgres_main",
        [Listed("postgres://maindb/demo/customers"), Listed("postgres://maindb/demo/orders"), Listed("postgres://maindb/hr/salaries")],
        [new ResourceTemplate { Name = "table_schema", UriTemplate = TableTemplate }]);

    private static readonly ServerResources Everything = new(
        "everything",
        [Listed("test://static/resource/1"), Listed("test://static/resource/2")],
        [new ResourceTemplate { Name = "static", UriTemplate = "test://static/resource/{id}" }]);

    private static ResourceView ViewOf(Action<ApiKeyOptions> configure, params ServerResources[] servers)
    {
        var options = TestOptions.Create();
        var key = options.Keys["local-user"];
        key.Servers = ["*"];
        configure(key);
        var wrapped = Options.Create(options);
        var rules = new ApiKeyStore(wrapped, new ServerDirectory(wrapped)).Find(TestOptions.LocalKey)!.PromptsAndResources;
        return new ResourceView(rules, servers.Length > 0 ? servers : [Postgres, Everything]);
    }

    [Fact]
    public void KeyThatNarrowsNothing_SeesAndReadsEverything()
    {
        var view = ViewOf(_ => { });

        Assert.Equal(5, view.Resources.Count);
        Assert.Equal(2, view.Templates.Count);
        Assert.Equal("postgres_main", view.ServerOf("postgres://maindb/perf/events"));
        Assert.Equal("everything", view.ServerOf("test://static/resource/7"));
    }

    [Fact]
    public void NarrowedToolKey_CannotReadTableSchemasThroughResources()
    {
        var view = ViewOf(k => k.Tools = ["db/list_*"]);

        Assert.Empty(view.Resources);
        Assert.Empty(view.Templates);
        Assert.Null(view.ServerOf("postgres://maindb/demo/customers"));
        Assert.Null(view.ServerOf("postgres://maindb/perf/events"));
        Assert.Null(view.ServerOfTemplate(TableTemplate));
    }

    [Fact]
    public void AllowRuleNamingOneResource_SeesAndReadsExactlyThatOne()
    {
        var view = ViewOf(k => k.Resources = ["db/postgres://maindb/demo/customers"]);

        Assert.Equal("postgres://maindb/demo/customers", Assert.Single(view.Resources).Resource.Uri);
        Assert.Empty(view.Templates);
        Assert.Equal("postgres_main", view.ServerOf("postgres://maindb/demo/customers"));
        Assert.Null(view.ServerOf("postgres://maindb/demo/orders"));
        Assert.Null(view.ServerOf("postgres://maindb/perf/events"));
    }

    [Fact]
    public void UriPrefixRule_DoesNotReachUnlistedUrisThroughAHiddenTemplate()
    {
        // The rule names listed URIs; what only the template yields needs the template named.
        var view = ViewOf(k => k.Resources = ["db/postgres://maindb/demo/*"]);

        Assert.Equal(2, view.Resources.Count);
        Assert.Null(view.ServerOf("postgres://maindb/demo/new_table"));
        Assert.Null(view.ServerOf("postgres://maindb/demo/../hr/salaries"));
    }

    [Fact]
    public void AllowedTemplate_GrantsItsListedAndUnlistedUris()
    {
        var view = ViewOf(k => k.Resources = ["postgres_main/" + TableTemplate]);

        Assert.Equal(3, view.Resources.Count);
        Assert.Equal(TableTemplate, Assert.Single(view.Templates).Template.UriTemplate);
        Assert.Equal("postgres_main", view.ServerOf("postgres://maindb/perf/events"));
        Assert.Equal("postgres_main", view.ServerOfTemplate(TableTemplate));
        Assert.Null(view.ServerOf("test://static/resource/1"));
    }

    [Theory]
    [InlineData("postgres://maindb/hr/salaries")]
    [InlineData("postgres://maindb/hr/bonuses")]
    [InlineData("postgres://maindb/%68r/salaries")]
    [InlineData("postgres://MAINDB/HR/salaries")]
    public void DeniedUnderAnAllowedTemplate_CannotBeReadByAnyEncoding(string uri)
    {
        var view = ViewOf(k =>
        {
            k.Resources = ["db/" + TableTemplate];
            k.DenyResources = ["db/postgres://maindb/hr/*"];
        });

        Assert.DoesNotContain(view.Resources, entry => entry.Resource.Uri.Contains("/hr/", StringComparison.Ordinal));
        Assert.Null(view.ServerOf(uri));
        Assert.Equal("postgres_main", view.ServerOf("postgres://maindb/demo/customers"));
    }

    [Theory]
    [InlineData("x://maindb/secrets/key")]
    [InlineData("x://maindb/SECRETS/key")]
    [InlineData("x://maindb/%73ecrets/key")]
    public void AllowedTemplate_CannotReachWhatAHiddenOverlappingTemplateAnswers(string uri)
    {
        var server = new ServerResources(
            "everything",
            [Listed("x://maindb/secrets/key"), Listed("x://maindb/public/key")],
            [new ResourceTemplate { Name = "open", UriTemplate = "x://{db}/{schema}/{name}" }, new ResourceTemplate { Name = "secret", UriTemplate = "x://{db}/secrets/{name}" }]);
        var view = ViewOf(k => k.Resources = ["everything/x://{db}/{schema}/{name}"], server);

        Assert.Single(view.Templates);
        Assert.Equal("x://maindb/public/key", Assert.Single(view.Resources).Resource.Uri);
        Assert.Null(view.ServerOf(uri));
        Assert.Equal("everything", view.ServerOf("x://maindb/public/key"));
    }

    [Fact]
    public void SameUriOnTwoServers_GoesToTheServerTheKeyMayRead()
    {
        var second = Postgres with { Server = "everything" };
        var view = ViewOf(k => k.Resources = ["everything/postgres://*"], Postgres, second);

        Assert.All(view.Resources, entry => Assert.Equal("everything", entry.Server));
        Assert.Equal("everything", view.ServerOf("postgres://maindb/demo/customers"));
        Assert.Equal("everything", view.ServerOf("postgres://maindb/perf/events"));
    }

    private static Resource Listed(string uri) => new() { Uri = uri, Name = uri };
}
