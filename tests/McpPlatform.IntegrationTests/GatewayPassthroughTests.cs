using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpPlatform.IntegrationTests;

/// <summary>Prompts, resources, templates and completion of the upstreams, through the gateway's routes.</summary>
[Collection(PlatformCollection.Name)]
public sealed class GatewayPassthroughTests(PlatformFixture platform)
{
    [Fact]
    public async Task Prompts_AggregateNamespacedAndCallableUnderAlias()
    {
        await using var client = await platform.ConnectToGatewayAsync();

        var names = (await client.ListPromptsAsync()).Select(prompt => prompt.Name).ToList();
        var byName = await client.GetPromptAsync("postgres_main-explore_schema", new Dictionary<string, object?> { ["schema"] = "demo" });
        var byAlias = await client.GetPromptAsync("db-tune_slow_query", new Dictionary<string, object?> { ["query"] = "SELECT 1" });

        Assert.Contains("postgres_main-explore_schema", names);
        Assert.Contains("pg_stdio-health_review", names);
        Assert.Contains("\"demo\"", Assert.IsType<TextContentBlock>(byName.Messages[0].Content).Text);
        Assert.Contains("SELECT 1", Assert.IsType<TextContentBlock>(byAlias.Messages[0].Content).Text);
    }

    [Fact]
    public async Task Prompts_PerServerRouteUsesOriginalNames()
    {
        await using var client = await platform.ConnectToGatewayAsync("/mcp/db");

        var names = (await client.ListPromptsAsync()).Select(prompt => prompt.Name).Order().ToList();

        Assert.Equal(["explore_schema", "health_review", "tune_slow_query"], names);
    }

    [Fact]
    public async Task Resources_ListedWithUpstreamUrisAndReadable()
    {
        await using var client = await platform.ConnectToGatewayAsync();

        var resources = await client.ListResourcesAsync();
        var templates = await client.ListResourceTemplatesAsync();
        var read = await client.ReadResourceAsync("postgres://maindb/demo/customers");
        var templated = await client.ReadResourceAsync("postgres://maindb/perf/events");

        Assert.Contains(resources, resource => resource.Uri == "postgres://maindb/demo/orders");
        Assert.Contains(templates, template => template.UriTemplate == "postgres://{database}/{schema}/{table}");
        using var customers = JsonDocument.Parse(Assert.IsType<TextResourceContents>(Assert.Single(read.Contents)).Text);
        Assert.Equal("customers", customers.RootElement.GetProperty("name").GetString());
        Assert.Contains("\"events\"", Assert.IsType<TextResourceContents>(Assert.Single(templated.Contents)).Text);
    }

    [Fact]
    public async Task UnknownResource_IsAnError()
    {
        await using var client = await platform.ConnectToGatewayAsync();

        await Assert.ThrowsAsync<McpProtocolException>(() => client.ReadResourceAsync("file:///etc/passwd").AsTask());
    }

    [Fact]
    public async Task Completion_PromptArgument_IsAnsweredByItsServer()
    {
        await using var client = await platform.ConnectToGatewayAsync();

        var result = await client.CompleteAsync(new PromptReference { Name = "postgres_main-explore_schema" }, "schema", "de");

        Assert.Contains("demo", result.Completion.Values);
    }

    [Fact]
    public async Task Completion_ResourceTemplateArgument_IsAnsweredByItsServer()
    {
        await using var client = await platform.ConnectToGatewayAsync("/mcp/db");

        var result = await client.CompleteAsync(new ResourceTemplateReference { Uri = "postgres://{database}/{schema}/{table}" }, "table", "ord");

        Assert.Contains("orders", result.Completion.Values);
    }

    [Fact]
    public async Task ForbiddenServer_PromptsAndResourcesAreOutOfReach()
    {
        await using var client = await platform.ConnectToGatewayAsync(apiKey: GatewayTestConfiguration.DbOnlyKey);

        var names = (await client.ListPromptsAsync()).Select(prompt => prompt.Name).ToList();
        var completion = await client.CompleteAsync(new PromptReference { Name = "pg_stdio-explore_schema" }, "schema", "de");

        Assert.DoesNotContain(names, name => name.StartsWith("pg_stdio", StringComparison.Ordinal));
        await Assert.ThrowsAsync<McpProtocolException>(() => client.GetPromptAsync("pg_stdio-explore_schema").AsTask());
        await Assert.ThrowsAsync<McpProtocolException>(() => client.GetPromptAsync("replica-explore_schema").AsTask());
        Assert.Empty(completion.Completion.Values);
    }

    [Fact]
    public async Task ResourceSubscription_UpdatesReachTheSubscriberOnly()
    {
        var updates = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var options = new ModelContextProtocol.Client.McpClientOptions
        {
            ProtocolVersion = "2025-11-25",
            Handlers = new ModelContextProtocol.Client.McpClientHandlers
            {
                NotificationHandlers =
                [
                    new(NotificationMethods.ResourceUpdatedNotification, (notification, _) =>
                    {
                        updates.Enqueue(notification.Params?.ToJsonString() ?? string.Empty);
                        return ValueTask.CompletedTask;
                    }),
                ],
            },
        };
        await using var subscriber = await platform.ConnectToGatewayAsync(options: options);
        await using var other = await platform.ConnectToGatewayAsync();

        await subscriber.SubscribeToResourceAsync("fixture://counter");
        var touched = await other.CallToolAsync("fixture-touch", new Dictionary<string, object?> { ["uri"] = "fixture://counter" });
        for (var i = 0; i < 50 && updates.IsEmpty; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal("told 1", Assert.IsType<TextContentBlock>(touched.Content[0]).Text);
        Assert.Contains(updates, update => update.Contains("fixture://counter", StringComparison.Ordinal));

        await subscriber.UnsubscribeFromResourceAsync("fixture://counter");
        var afterUnsubscribe = await other.CallToolAsync("fixture-touch", new Dictionary<string, object?> { ["uri"] = "fixture://counter" });
        Assert.Equal("told 0", Assert.IsType<TextContentBlock>(afterUnsubscribe.Content[0]).Text);
    }
}
