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
    // Each server-to-client request for both kinds of client: a 2025-11-25 session, and a 2026-07-28 stateless client
    // (the SDK client's default), which the gateway asks through input-required results (multi round-trip requests).
    [Theory]
    [InlineData("2025-11-25", "forty-two")]
    [InlineData(null, "stateless")]
    public async Task Sampling_ThroughGateway_IsAnsweredByTheCallingClient(string? protocolVersion, string answer)
    {
        await using var client = await ConnectAsync(answer, protocolVersion);

        var result = await client.CallToolAsync("fixture-ask_model", new Dictionary<string, object?> { ["question"] = "meaning of life?" });

        Assert.Equal("model said: " + answer, Text(result));
    }

    [Theory]
    [InlineData("2025-11-25")]
    [InlineData(null)]
    public async Task Elicitation_ThroughGateway_IsAnsweredByTheUser(string? protocolVersion)
    {
        await using var client = await ConnectAsync(answer: "unused", protocolVersion);

        var result = await client.CallToolAsync("fixture-confirm", new Dictionary<string, object?> { ["action"] = "drop the test table" });

        Assert.Equal("accept:true", Text(result));
    }

    [Theory]
    [InlineData("2025-11-25", "unused")]
    [InlineData(null, "stateless-roots")]
    public async Task Roots_ThroughGateway_AreTheCallingClientsRoots(string? protocolVersion, string answer)
    {
        await using var client = await ConnectAsync(answer, protocolVersion);

        var result = await client.CallToolAsync("fixture-client_roots");

        Assert.Equal("file:///work/project-" + answer, Text(result));
    }

    [Theory]
    [InlineData("2025-11-25", "")]
    [InlineData(null, "-stateless")]
    public async Task Sampling_TwoClientsAtOnce_EachGetsItsOwnAnswer(string? protocolVersion, string suffix)
    {
        await using var first = await ConnectAsync(answer: "first" + suffix, protocolVersion);
        await using var second = await ConnectAsync(answer: "second" + suffix, protocolVersion);

        var results = await Task.WhenAll(
            first.CallToolAsync("fixture-ask_model", new Dictionary<string, object?> { ["question"] = "who?" }).AsTask(),
            second.CallToolAsync("fixture-ask_model", new Dictionary<string, object?> { ["question"] = "who?" }).AsTask());

        Assert.Equal("model said: first" + suffix, Text(results[0]));
        Assert.Equal("model said: second" + suffix, Text(results[1]));
    }

    [Theory]
    [InlineData("2025-11-25")]
    [InlineData(null)] // 2026-07-28, stateless
    public async Task Sampling_OfAStdioUpstream_ReachesTheCallingClient(string? protocolVersion)
    {
        // server-everything lists trigger-sampling-request only to clients offering sampling: the gateway's do.
        await using var client = await ConnectAsync(answer: "from-the-stdio-side", protocolVersion: protocolVersion);

        var result = await client.CallToolAsync("everything-trigger-sampling-request", new Dictionary<string, object?> { ["prompt"] = "hi" });

        Assert.Contains("from-the-stdio-side", Text(result));
    }

    [Fact]
    public async Task Sampling_ByAClientThatOffersNone_GetsAClearToolError()
    {
        await using var client = await platform.ConnectToGatewayAsync(options: new McpClientOptions { ProtocolVersion = "2025-11-25" });

        // The fixture's SDK turns the refusal into a JSON-RPC error; the reason reaches the client.
        var error = await Assert.ThrowsAsync<McpProtocolException>(() =>
            client.CallToolAsync("fixture-ask_model", new Dictionary<string, object?> { ["question"] = "anyone?" }).AsTask());

        Assert.Contains("does not offer 'sampling'", error.Message);
    }

    [Fact]
    public async Task ForgedRetry_WithAnotherKeysRequestState_IsRefused()
    {
        // Another key replays the request state of a call that is waiting for its client's answer.
        var recorder = new RequestStateRecorder();
        string? forgedAnswer = null;
        var options = StatelessOptions("victim", async () =>
        {
            using var intruder = platform.CreateGatewayHttpClient(GatewayTestConfiguration.NoSqlKey);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
            {
                // The victim's own first request (protocol version, capabilities), turned into a retry of its call.
                Content = new StringContent(recorder.ForgeRetry(), System.Text.Encoding.UTF8, "application/json"),
            };
            foreach (var (name, value) in recorder.Headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await intruder.SendAsync(request);
            forgedAnswer = await response.Content.ReadAsStringAsync();
        });
        var http = platform.CreateGatewayHttpClient();
        var recording = new HttpClient(new RecordingHandler(recorder) { InnerHandler = new HttpClientHandler() }) { BaseAddress = http.BaseAddress };
        recording.DefaultRequestHeaders.Authorization = http.DefaultRequestHeaders.Authorization;
        await using var client = await McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri(http.BaseAddress!, "/mcp") }, recording, ownsHttpClient: true),
            options);

        var result = await client.CallToolAsync("fixture-ask_model", new Dictionary<string, object?> { ["question"] = "secret?" });

        Assert.Equal("model said: victim", Text(result));
        Assert.NotNull(recorder.RequestState);
        Assert.NotNull(forgedAnswer);
        Assert.True(forgedAnswer.Contains("unknown or has expired", StringComparison.Ordinal), forgedAnswer);
        Assert.DoesNotContain("model said", forgedAnswer);
    }

    [Fact]
    public async Task StatelessClientThatNeverAnswers_TheWaitingUpstreamCallIsCancelledAfterClientInputTimeout()
    {
        // The tests set ClientInputTimeout to 3 s. The client's sampling handler never returns, so it never retries.
        var question = "abandoned-" + Guid.NewGuid().ToString("N");
        var never = new TaskCompletionSource<CreateMessageResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = Options("unused", protocolVersion: null);
        options.Handlers.SamplingHandler = async (_, _, ct) => await never.Task.WaitAsync(ct);
        await using var client = await platform.ConnectToGatewayAsync(options: options);
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var call = client.CallToolAsync("fixture-ask_model", new Dictionary<string, object?> { ["question"] = question }, cancellationToken: giveUp.Token).AsTask();
        await WaitUntilAsync(() => FixtureServer.FixtureTools.CancelledWaits.ContainsKey("ask:" + question), attempts: 150);

        Assert.True(FixtureServer.FixtureTools.CancelledWaits.ContainsKey("ask:" + question), "the upstream call still waits for an answer nobody will give");
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
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
    public async Task HttpUpstreamRestarted_InFlightCallFails_ThenTheSameClientSessionWorks()
    {
        // The fixture (an HTTP upstream with sessions) restarts during a call: its sessions are gone, the gateway's too.
        await using var client = await ConnectAsync(answer: "after-restart");
        Assert.Equal("model said: after-restart", Text(await client.CallToolAsync("fixture-ask_model", new Dictionary<string, object?> { ["question"] = "before" })));
        var inFlight = client.CallToolAsync("fixture-wait", new Dictionary<string, object?> { ["tag"] = Guid.NewGuid().ToString("N") }).AsTask();
        await Task.Delay(500);

        await platform.Fixture.RestartAsync();

        bool failed;
        try
        {
            failed = (await inFlight).IsError == true;
        }
        catch (McpException)
        {
            failed = true;
        }

        Assert.True(failed, "the call survived the restart");
        // Same downstream session, no re-initialize: the gateway opens new upstream sessions by itself.
        Assert.Equal("model said: after-restart", Text(await client.CallToolAsync("fixture-ask_model", new Dictionary<string, object?> { ["question"] = "after" })));
        await using var shared = await platform.ConnectToGatewayAsync();
        Assert.Equal("logged", Text(await shared.CallToolAsync("fixture-log", new Dictionary<string, object?> { ["message"] = "after restart" })));
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

    /// <summary>A client that answers sampling, elicitation and roots; 2025-11-25 (a session) unless told otherwise.</summary>
    private async Task<McpClient> ConnectAsync(string answer, string? protocolVersion = "2025-11-25") =>
        await platform.ConnectToGatewayAsync(options: Options(answer, protocolVersion));

    /// <summary>A stateless client whose sampling answer runs <paramref name="whileAsked"/> first.</summary>
    private static McpClientOptions StatelessOptions(string answer, Func<Task> whileAsked)
    {
        var options = Options(answer, protocolVersion: null);
        options.Handlers.SamplingHandler = async (_, _, _) =>
        {
            await whileAsked();
            return new CreateMessageResult { Content = [new TextContentBlock { Text = answer }], Model = "test-model", Role = Role.Assistant };
        };
        return options;
    }

    private static McpClientOptions Options(string answer, string? protocolVersion) =>
        new()
        {
            ProtocolVersion = protocolVersion,
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

    /// <summary>The client's first tools/call request and the request state of the input-required result it got.</summary>
    private sealed class RequestStateRecorder
    {
        public string? ToolCall { get; set; }

        /// <summary>Its MCP headers (Mcp-Method, protocol version…), without its key.</summary>
        public List<(string Name, string Value)> Headers { get; set; } = [];

        public string? RequestState { get; set; }

        public string ForgeRetry()
        {
            var request = System.Text.Json.Nodes.JsonNode.Parse(ToolCall!)!;
            request["id"] = 7;
            request["params"]!["requestState"] = RequestState;
            request["params"]!["inputResponses"] = new System.Text.Json.Nodes.JsonObject();
            return request.ToJsonString();
        }
    }

    private sealed class RecordingHandler(RequestStateRecorder recorder) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is not null && await request.Content.ReadAsStringAsync(cancellationToken) is var sent && sent.Contains("\"tools/call\"", StringComparison.Ordinal))
            {
                if (recorder.ToolCall is null)
                {
                    recorder.ToolCall = sent;
                    recorder.Headers = [.. request.Headers.Where(header => header.Key != "Authorization").SelectMany(header => header.Value.Select(value => (header.Key, value)))];
                }
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (response.Content.Headers.ContentType?.MediaType is "application/json" or "text/event-stream")
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (System.Text.RegularExpressions.Regex.Match(body, "\"requestState\":\"([^\"]+)\"") is { Success: true } match)
                {
                    recorder.RequestState = match.Groups[1].Value;
                }

                var replay = new StringContent(body, System.Text.Encoding.UTF8, response.Content.Headers.ContentType.MediaType);
                response.Content = replay;
            }

            return response;
        }
    }

    private sealed class SyncProgress(Action<ProgressNotificationValue> report) : IProgress<ProgressNotificationValue>
    {
        public void Report(ProgressNotificationValue value) => report(value);
    }
}
