using System.Collections.Concurrent;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

#pragma warning disable MCP9005 // Sampling and roots: what 2025-xx clients and servers use.

namespace McpPlatform.IntegrationTests;

/// <summary>
/// Server-to-client requests and progress through the gateway: the fixture upstream samples, elicits and asks
/// for roots, and each request must reach the client whose call caused it, answered by the MCP C# SDK client.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class GatewayServerRequestTests(PlatformFixture platform)
{
    [Fact]
    public async Task Sampling_ThroughGateway_IsAnsweredByTheCallingClient()
    {
        await using var client = await ConnectAsync(answer: "forty-two");

        var result = await client.CallToolAsync("fixture-ask_model", new Dictionary<string, object?> { ["question"] = "meaning of life?" });

        Assert.Equal("model said: forty-two", Text(result));
    }

    [Fact]
    public async Task Sampling_TwoClientsAtOnce_EachGetsItsOwnAnswer()
    {
        await using var first = await ConnectAsync(answer: "first");
        await using var second = await ConnectAsync(answer: "second");

        var results = await Task.WhenAll(
            first.CallToolAsync("fixture-ask_model", new Dictionary<string, object?> { ["question"] = "who?" }).AsTask(),
            second.CallToolAsync("fixture-ask_model", new Dictionary<string, object?> { ["question"] = "who?" }).AsTask());

        Assert.Equal("model said: first", Text(results[0]));
        Assert.Equal("model said: second", Text(results[1]));
    }

    [Fact]
    public async Task Elicitation_ThroughGateway_IsAnsweredByTheUser()
    {
        await using var client = await ConnectAsync(answer: "unused");

        var result = await client.CallToolAsync("fixture-confirm", new Dictionary<string, object?> { ["action"] = "drop the test table" });

        Assert.Equal("accept:true", Text(result));
    }

    [Fact]
    public async Task Roots_ThroughGateway_AreTheCallingClientsRoots()
    {
        await using var client = await ConnectAsync(answer: "unused");

        var result = await client.CallToolAsync("fixture-client_roots");

        Assert.Equal("file:///work/project-unused", Text(result));
    }

    [Fact]
    public async Task Progress_ThroughGateway_ReachesTheCaller()
    {
        await using var client = await ConnectAsync(answer: "unused");
        var reported = new ConcurrentQueue<ProgressNotificationValue>();

        var result = await client.CallToolAsync("fixture-count", new Dictionary<string, object?> { ["n"] = 5 }, new SyncProgress(reported.Enqueue));
        await WaitUntilAsync(() => reported.Count >= 5);

        Assert.Equal("counted to 5", Text(result));
        Assert.Equal([1d, 2d, 3d, 4d, 5d], reported.Select(value => (double)value.Progress).Order());
    }

    [Fact]
    public async Task Cancellation_ByAStatelessClient_ReachesTheUpstream()
    {
        // 2026-07-28 (the SDK's default): the client cancels by dropping its HTTP request.
        var tag = Guid.NewGuid().ToString("N");
        await using var client = await platform.ConnectToGatewayAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            client.CallToolAsync("fixture-wait", new Dictionary<string, object?> { ["tag"] = tag }, cancellationToken: cancel.Token).AsTask());
        await WaitUntilAsync(() => FixtureServer.FixtureTools.CancelledWaits.ContainsKey(tag));

        Assert.True(FixtureServer.FixtureTools.CancelledWaits.ContainsKey(tag), "the upstream call went on after the client cancelled it");
    }

    [Fact]
    public async Task Cancellation_ByASessionClientsNotification_ReachesTheUpstream()
    {
        // 2025-11-25 session: the client cancels with notifications/cancelled for its request id, as the spec says
        // (the C# SDK client does not send it by itself, so the test does).
        var tag = Guid.NewGuid().ToString("N");
        await using var client = await platform.ConnectToGatewayAsync(options: new McpClientOptions { ProtocolVersion = "2025-11-25" });
        var requestId = new RequestId("wait-" + tag);
        var call = client.SendRequestAsync<CallToolRequestParams, CallToolResult>(
            RequestMethods.ToolsCall,
            new CallToolRequestParams { Name = "fixture-wait", Arguments = new Dictionary<string, JsonElement> { ["tag"] = JsonSerializer.SerializeToElement(tag) } },
            McpJsonUtilities.DefaultOptions,
            requestId).AsTask();

        await Task.Delay(TimeSpan.FromSeconds(1));
        await client.SendNotificationAsync(NotificationMethods.CancelledNotification, new CancelledNotificationParams { RequestId = requestId, Reason = "test" }, McpJsonUtilities.DefaultOptions);
        await WaitUntilAsync(() => FixtureServer.FixtureTools.CancelledWaits.ContainsKey(tag));

        Assert.True(FixtureServer.FixtureTools.CancelledWaits.ContainsKey(tag), "the upstream call went on after the client cancelled it");
        _ = call.ContinueWith(task => task.Exception, TaskScheduler.Default); // cancelled requests get no answer
    }

    [Fact]
    public async Task Logging_ClientThatSetALevel_GetsTheUpstreamsLogMessages()
    {
        var tag = Guid.NewGuid().ToString("N");
        var messages = new ConcurrentQueue<string>();
        var options = new McpClientOptions
        {
            ProtocolVersion = "2025-11-25",
            Handlers = new McpClientHandlers
            {
                NotificationHandlers =
                [
                    new(NotificationMethods.LoggingMessageNotification, (notification, _) =>
                    {
                        messages.Enqueue(notification.Params?.ToJsonString() ?? string.Empty);
                        return ValueTask.CompletedTask;
                    }),
                ],
            },
        };
        await using var client = await platform.ConnectToGatewayAsync(options: options);

        await client.SetLoggingLevelAsync(LoggingLevel.Info);
        var result = await client.CallToolAsync("fixture-log", new Dictionary<string, object?> { ["message"] = "hello " + tag });
        await WaitUntilAsync(() => messages.Any(message => message.Contains(tag, StringComparison.Ordinal)));

        Assert.Equal("logged", Text(result));
        Assert.Contains(messages, message => message.Contains(tag, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SessionWithOwnUpstreamClients_EndsThemWhenItEnds()
    {
        var before = GatewayAccessTests.StdioConnectorProcesses().Count;
        var client = await ConnectAsync(answer: "unused");
        await client.CallToolAsync("pg_stdio-execute_sql", new Dictionary<string, object?> { ["sql"] = "SELECT 1" });
        Assert.Equal(before + 1, GatewayAccessTests.StdioConnectorProcesses().Count); // its own stdio upstream

        await client.DisposeAsync(); // DELETE ends the session
        await WaitUntilAsync(() => GatewayAccessTests.StdioConnectorProcesses().Count == before);

        Assert.Equal(before, GatewayAccessTests.StdioConnectorProcesses().Count);
    }

    [Fact]
    public async Task UpstreamGoingDownAndBack_ConnectedClientsGetListChanged()
    {
        var listChanged = 0;
        var options = new McpClientOptions
        {
            ProtocolVersion = "2025-11-25",
            Handlers = new McpClientHandlers
            {
                NotificationHandlers =
                [
                    new(NotificationMethods.ToolListChangedNotification, (_, _) =>
                    {
                        Interlocked.Increment(ref listChanged);
                        return ValueTask.CompletedTask;
                    }),
                ],
            },
        };
        await using var client = await platform.ConnectToGatewayAsync(options: options);
        Assert.Contains(await client.ListToolsAsync(), tool => tool.Name == "pg_stdio-execute_sql");

        foreach (var process in GatewayAccessTests.StdioConnectorProcesses())
        {
            process.Kill();
        }

        // The health monitor (every second in the tests) sees it down, then starts it again: two notifications.
        await WaitUntilAsync(() => Volatile.Read(ref listChanged) >= 2, attempts: 150);

        Assert.True(Volatile.Read(ref listChanged) >= 2, $"list_changed received {listChanged} time(s)");
        Assert.Contains(await client.ListToolsAsync(), tool => tool.Name == "pg_stdio-execute_sql");
    }

    private async Task<McpClient> ConnectAsync(string answer)
    {
        var options = new McpClientOptions
        {
            // 2025-11-25 sessions carry server-to-client requests (2026-07-28 would need multi round-trip requests).
            ProtocolVersion = "2025-11-25",
            Capabilities = new ClientCapabilities { Sampling = new(), Elicitation = new(), Roots = new() },
            Handlers = new McpClientHandlers
            {
                SamplingHandler = (_, _, _) => ValueTask.FromResult(new CreateMessageResult
                {
                    Content = [new TextContentBlock { Text = answer }],
                    Model = "test-model",
                    Role = Role.Assistant,
                }),
                ElicitationHandler = (_, _) => ValueTask.FromResult(new ElicitResult
                {
                    Action = "accept",
                    Content = new Dictionary<string, JsonElement> { ["ok"] = JsonSerializer.SerializeToElement(true) },
                }),
                RootsHandler = (_, _) => ValueTask.FromResult(new ListRootsResult { Roots = [new Root { Uri = $"file:///work/project-{answer}", Name = answer }] }),
            },
        };
        return await platform.ConnectToGatewayAsync(options: options);
    }

    private static string Text(CallToolResult result)
    {
        Assert.True(result.IsError != true, string.Concat(result.Content.OfType<TextContentBlock>().Select(block => block.Text)));
        return Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, int attempts = 50)
    {
        for (var i = 0; i < attempts && !condition(); i++)
        {
            await Task.Delay(100);
        }
    }

    private sealed class SyncProgress(Action<ProgressNotificationValue> report) : IProgress<ProgressNotificationValue>
    {
        public void Report(ProgressNotificationValue value) => report(value);
    }
}
