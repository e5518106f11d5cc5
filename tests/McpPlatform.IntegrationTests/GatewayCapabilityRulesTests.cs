using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpPlatform.IntegrationTests;

/// <summary>
/// Keys' prompt and resource rules through the real gateway: every prompt, resource and completion method, on the
/// aggregate route and the per-server routes (name and alias), for 2025-11-25 sessions, 2026-07-28 stateless requests
/// and legacy SSE sessions. A hidden prompt or resource must answer exactly like one that does not exist.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class GatewayCapabilityRulesTests(PlatformFixture platform)
{
    private const string TableTemplate = "postgres://{database}/{schema}/{table}";
    private const string Customers = "postgres://maindb/demo/customers";
    private const string Orders = "postgres://maindb/demo/orders";
    private const string Events = "postgres://maindb/perf/events"; // created after the gateway started: listed or not, readable through the template
    private const string Nowhere = "nosuch://maindb/demo/customers";

    private const string Session = "session"; // streamable HTTP, 2025-11-25
    private const string Stateless = "stateless"; // streamable HTTP, 2026-07-28 (the SDK's default)
    private const string LegacySse = "sse"; // HTTP+SSE, the route plus /sse

    /// <summary>Each route to postgres_main (aggregate, by name, by alias) × each kind of client.</summary>
    public static TheoryData<string, string> PostgresRoutes => new()
    {
        { "/mcp", Session }, { "/mcp", Stateless }, { "/mcp", LegacySse },
        { "/mcp/postgres_main", Session }, { "/mcp/postgres_main", Stateless }, { "/mcp/postgres_main", LegacySse },
        { "/mcp/db", Session }, { "/mcp/db", Stateless }, { "/mcp/db", LegacySse },
    };

    [Theory]
    [MemberData(nameof(PostgresRoutes))]
    public async Task NarrowedKey_CannotReadTableSchemasThroughResources(string path, string transport)
    {
        // schemas-only may call postgres_main/list_* and names no resource: it gets none.
        await using var client = await ConnectAsync(path, GatewayTestConfiguration.SchemasOnlyKey, transport);

        Assert.Empty(await client.ListResourcesAsync());
        Assert.Empty(await client.ListResourceTemplatesAsync());
        await AssertSameAsNonexistentAsync(uri => client.ReadResourceAsync(uri).AsTask(), Customers, Nowhere);
        await AssertSameAsNonexistentAsync(uri => client.ReadResourceAsync(uri).AsTask(), Events, Nowhere);
        if (transport != Stateless) // 2026-07-28 has no resources/subscribe
        {
            await AssertSameAsNonexistentAsync(uri => client.SubscribeToResourceAsync(uri), Customers, Nowhere);
            await client.UnsubscribeFromResourceAsync(Customers); // like an unknown URI: nothing to end, no error
        }
    }

    [Theory]
    [MemberData(nameof(PostgresRoutes))]
    public async Task NarrowedKey_CannotListOrGetHiddenPrompts(string path, string transport)
    {
        await using var client = await ConnectAsync(path, GatewayTestConfiguration.SchemasOnlyKey, transport);

        Assert.Empty(await client.ListPromptsAsync());
        await AssertSameAsNonexistentAsync(name => client.GetPromptAsync(name).AsTask(), PromptName(path, "explore_schema"), PromptName(path, "no_such_prompt"));
    }

    [Theory]
    [MemberData(nameof(PostgresRoutes))]
    public async Task NarrowedKey_CannotCompleteArgumentsOfHiddenPrompts(string path, string transport)
    {
        await using var full = await ConnectAsync(path, PlatformFixture.ApiKey, transport);
        await using var narrowed = await ConnectAsync(path, GatewayTestConfiguration.SchemasOnlyKey, transport);
        var prompt = new PromptReference { Name = PromptName(path, "explore_schema") };
        var template = new ResourceTemplateReference { Uri = TableTemplate };

        Assert.Contains("demo", (await full.CompleteAsync(prompt, "schema", "de")).Completion.Values); // the names are there to leak
        Assert.Contains("orders", (await full.CompleteAsync(template, "table", "ord")).Completion.Values);
        Assert.Empty((await narrowed.CompleteAsync(prompt, "schema", "de")).Completion.Values);
        Assert.Empty((await narrowed.CompleteAsync(template, "table", "ord")).Completion.Values);
    }

    [Theory]
    [MemberData(nameof(PostgresRoutes))]
    public async Task KeyNamingOnePromptAndOneResource_SeesAndUsesExactlyThose(string path, string transport)
    {
        // named-items: prompt db/explore_schema, resources db/postgres://maindb/demo/customers and fixture/fixture://counter.
        await using var client = await ConnectAsync(path, GatewayTestConfiguration.NamedItemsKey, transport);

        Assert.Equal([PromptName(path, "explore_schema")], (await client.ListPromptsAsync()).Select(prompt => prompt.Name));
        Assert.Equal(path == "/mcp" ? (string[])["fixture://counter", Customers] : [Customers], (await client.ListResourcesAsync()).Select(resource => resource.Uri).Order());
        Assert.Empty(await client.ListResourceTemplatesAsync());

        var prompt = await client.GetPromptAsync(PromptName(path, "explore_schema"), new Dictionary<string, object?> { ["schema"] = "demo" });
        Assert.Contains("\"demo\"", Assert.IsType<TextContentBlock>(prompt.Messages[0].Content).Text);
        await AssertSameAsNonexistentAsync(name => client.GetPromptAsync(name).AsTask(), PromptName(path, "tune_slow_query"), PromptName(path, "no_such_prompt"));

        Assert.Contains("\"customers\"", Assert.IsType<TextResourceContents>(Assert.Single((await client.ReadResourceAsync(Customers)).Contents)).Text);
        await AssertSameAsNonexistentAsync(uri => client.ReadResourceAsync(uri).AsTask(), Orders, Nowhere);
        await AssertSameAsNonexistentAsync(uri => client.ReadResourceAsync(uri).AsTask(), Events, Nowhere);

        var named = new PromptReference { Name = PromptName(path, "explore_schema") };
        Assert.Contains("demo", (await client.CompleteAsync(named, "schema", "de")).Completion.Values);
        // The connector suggests by argument name alone: "table" through a prompt about schemas would list every table.
        Assert.Empty((await client.CompleteAsync(named, "table", "ord")).Completion.Values);
        Assert.Empty((await client.CompleteAsync(new PromptReference { Name = PromptName(path, "tune_slow_query") }, "query", "")).Completion.Values);
        Assert.Empty((await client.CompleteAsync(new ResourceTemplateReference { Uri = TableTemplate }, "table", "ord")).Completion.Values);
    }

    [Theory]
    [InlineData("/mcp")]
    [InlineData("/mcp/fixture")]
    public async Task KeyNamingOneResource_SubscribesToThatOneOnly(string path)
    {
        await using var client = await ConnectAsync(path, GatewayTestConfiguration.NamedItemsKey, Session);

        await client.SubscribeToResourceAsync("fixture://counter");
        await client.UnsubscribeFromResourceAsync("fixture://counter");
        await AssertSameAsNonexistentAsync(uri => client.SubscribeToResourceAsync(uri), path == "/mcp" ? Orders : "fixture://other", Nowhere);
    }

    [Theory]
    [InlineData("/mcp", Session)]
    [InlineData("/mcp", Stateless)]
    [InlineData("/mcp/everything", Session)]
    [InlineData("/mcp/everything", Stateless)]
    [InlineData("/mcp/fixture", LegacySse)]
    public async Task NarrowedToolsKey_GetsNoPromptsOrResourcesOfAnyServer(string path, string transport)
    {
        // no-sql may use every server and only denies execute_sql: still, no rule names a prompt or resource.
        await using var full = await ConnectAsync(path, PlatformFixture.ApiKey, transport);
        await using var client = await ConnectAsync(path, GatewayTestConfiguration.NoSqlKey, transport);
        var everyResource = await full.ListResourcesAsync();

        Assert.NotEmpty(everyResource);
        Assert.Empty(await client.ListPromptsAsync());
        Assert.Empty(await client.ListResourcesAsync());
        Assert.Empty(await client.ListResourceTemplatesAsync());
        await AssertSameAsNonexistentAsync(uri => client.ReadResourceAsync(uri).AsTask(), everyResource[0].Uri, Nowhere);
        if (transport != Stateless)
        {
            await AssertSameAsNonexistentAsync(uri => client.SubscribeToResourceAsync(uri), everyResource[0].Uri, Nowhere);
        }
    }

    [Theory]
    [MemberData(nameof(PostgresRoutes))]
    public async Task TemplateRule_ReadsThroughTheTemplateButNeverWhatItDenies(string path, string transport)
    {
        // template-reader: the table template of db, minus db/postgres://maindb/perf/*.
        await using var client = await ConnectAsync(path, GatewayTestConfiguration.TemplateReaderKey, transport);

        Assert.Equal([TableTemplate], (await client.ListResourceTemplatesAsync()).Select(template => template.UriTemplate));
        var listed = (await client.ListResourcesAsync()).Select(resource => resource.Uri).ToList();
        Assert.Contains(Orders, listed);
        Assert.DoesNotContain(listed, uri => uri.Contains("/perf/", StringComparison.Ordinal));
        Assert.Contains("\"customers\"", Assert.IsType<TextResourceContents>(Assert.Single((await client.ReadResourceAsync(Customers)).Contents)).Text);
        Assert.Contains("orders", (await client.CompleteAsync(new ResourceTemplateReference { Uri = TableTemplate }, "table", "ord")).Completion.Values);

        foreach (var denied in (string[])[Events, "postgres://maindb/%70erf/events", "postgres://maindb/PERF/events", "postgres://maindb/perf/no_such_table"])
        {
            await AssertSameAsNonexistentAsync(uri => client.ReadResourceAsync(uri).AsTask(), denied, Nowhere);
        }
    }

    [Fact]
    public async Task PercentEncodedUri_IsReadLikeTheDecodedOne_WhichIsWhyDenialsDecode()
    {
        // The attack the decoding stops: the connector decodes %70 to p, so without it a deny rule for perf would be dodged.
        await using var client = await ConnectAsync("/mcp/db", PlatformFixture.ApiKey, Stateless);

        var read = await client.ReadResourceAsync("postgres://maindb/%70erf/events");

        Assert.Contains("\"events\"", Assert.IsType<TextResourceContents>(Assert.Single(read.Contents)).Text);
    }

    private Task<McpClient> ConnectAsync(string path, string key, string transport) => transport switch
    {
        Session => platform.ConnectToGatewayAsync(path, key, options: new McpClientOptions { ProtocolVersion = "2025-11-25" }),
        LegacySse => platform.ConnectToGatewayAsync(path + "/sse", key, mode: HttpTransportMode.Sse),
        _ => platform.ConnectToGatewayAsync(path, key),
    };

    private static string PromptName(string path, string prompt) => path == "/mcp" ? "postgres_main-" + prompt : prompt;

    /// <summary>A hidden name gets the error a name that exists nowhere gets: same code, same message but for the name.</summary>
    private static async Task AssertSameAsNonexistentAsync(Func<string, Task> request, string hidden, string nonexistent)
    {
        var forHidden = await Assert.ThrowsAsync<McpProtocolException>(() => request(hidden));
        var forNonexistent = await Assert.ThrowsAsync<McpProtocolException>(() => request(nonexistent));

        Assert.Equal(forNonexistent.ErrorCode, forHidden.ErrorCode);
        Assert.Equal(forNonexistent.Message.Replace(nonexistent, "<name>", StringComparison.Ordinal), forHidden.Message.Replace(hidden, "<name>", StringComparison.Ordinal));
    }
}
