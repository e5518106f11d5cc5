using System.Net;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

#pragma warning disable MCP9005 // Sampling: what makes a session hold upstream clients of its own.

namespace McpPlatform.IntegrationTests;

/// <summary>
/// One key floods the gateway with sessions, sessions that own upstream processes, and calls: past its limits
/// (the test key <c>flood</c>: 3 sessions, 2 upstream clients, 2 calls in flight) it is refused with a clear error, other
/// keys go on being served, and what it gave back can be used again.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class GatewayResourceLimitTests(PlatformFixture platform)
{
    private const string FloodKey = GatewayTestConfiguration.FloodKey;
    private static readonly Dictionary<string, object?> Select1 = new() { ["sql"] = "SELECT 1" };

    [Fact]
    public async Task SessionFloodFromOneKey_IsCappedAndOtherKeysStayServed()
    {
        var sessions = new List<McpClient>();
        try
        {
            // Eventually: the sessions of the test before may still be giving their places back.
            for (var i = 0; i < 3; i++)
            {
                sessions.Add(await EventuallyAsync(() => ConnectAsync(FloodKey)));
            }

            using var refused = await InitializeAsync(FloodKey);

            await AssertRefusedSessionAsync(refused, "Gateway:Keys:flood:Limits:MaxSessions");
            await using (var other = await ConnectAsync(PlatformFixture.ApiKey))
            {
                Assert.NotEqual(true, (await other.CallToolAsync("postgres_main-execute_sql", Select1)).IsError);
            }

            // Release: once a flood session is closed (DELETE), the key may open one again.
            await sessions[0].DisposeAsync();
            sessions.RemoveAt(0);
            sessions.Add(await EventuallyAsync(() => ConnectAsync(FloodKey)));
            Assert.NotEqual(true, (await sessions[^1].CallToolAsync("postgres_main-execute_sql", Select1)).IsError);
        }
        finally
        {
            await DisposeAllAsync(sessions);
        }
    }

    [Fact]
    public async Task LegacySseSessionFlood_IsCappedAndADisconnectGivesTheSessionBack()
    {
        var sessions = new List<McpClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                sessions.Add(await EventuallyAsync(ConnectSseAsync));
            }

            using var http = platform.CreateGatewayHttpClient(FloodKey);
            using var request = new HttpRequestMessage(HttpMethod.Get, "/mcp/sse");
            request.Headers.Accept.ParseAdd("text/event-stream");
            using var refused = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

            await AssertRefusedSessionAsync(refused, "Gateway:Keys:flood:Limits:MaxSessions");

            // Disconnecting the SSE stream ends the session and gives its place back.
            await sessions[0].DisposeAsync();
            sessions.RemoveAt(0);
            sessions.Add(await EventuallyAsync(ConnectSseAsync));
            Assert.NotEqual(true, (await sessions[^1].CallToolAsync("postgres_main-execute_sql", Select1)).IsError);
        }
        finally
        {
            await DisposeAllAsync(sessions);
        }
    }

    [Fact]
    public async Task SessionsThatOwnUpstreamProcesses_AreCappedPerKey()
    {
        await using (var shared = await ConnectAsync(PlatformFixture.ApiKey))
        {
            // The shared client's process (started on first use or by the health check) is up before counting.
            Assert.NotEqual(true, (await shared.CallToolAsync("pg_stdio-execute_sql", Select1)).IsError);
        }

        // By process id: a process of an earlier test that is still exiting must not count.
        var before = StdioProcessIds();
        var sessions = new List<McpClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                sessions.Add(await ConnectAsync(FloodKey, SamplingOptions()));
            }

            // Each session offering sampling gets a stdio process of its own: two are allowed, the third is refused.
            Assert.NotEqual(true, (await sessions[0].CallToolAsync("pg_stdio-execute_sql", Select1)).IsError);
            Assert.NotEqual(true, (await sessions[1].CallToolAsync("pg_stdio-execute_sql", Select1)).IsError);
            var started = StdioProcessIds().Except(before).ToList();
            var refused = await Assert.ThrowsAsync<McpProtocolException>(() => sessions[2].CallToolAsync("pg_stdio-execute_sql", Select1).AsTask());

            Assert.Contains("Gateway:Keys:flood:Limits:MaxUpstreamClients", refused.Message);
            Assert.Equal(2, started.Count);
            Assert.Empty(StdioProcessIds().Except(before).Except(started)); // the refused call started none
            await using (var other = await ConnectAsync(PlatformFixture.ApiKey, SamplingOptions()))
            {
                Assert.NotEqual(true, (await other.CallToolAsync("pg_stdio-execute_sql", Select1)).IsError);
            }

            // Release: the first session ends, its process with it, and the third session may now have one.
            await sessions[0].DisposeAsync();
            sessions.RemoveAt(0);
            var result = await EventuallyAsync(async () => await sessions[1].CallToolAsync("pg_stdio-execute_sql", Select1));
            Assert.NotEqual(true, result.IsError);
        }
        finally
        {
            await DisposeAllAsync(sessions);

            // The processes (and the key's permits for them) are gone before the next test floods the same key.
            await WaitUntilAsync(() => !StdioProcessIds().Except(before).Any());
        }
    }

    [Fact]
    public async Task StatelessInputCallFlood_IsCappedPerKey()
    {
        // 2026-07-28 clients that offer sampling and then take their time to answer: each waiting call holds an upstream
        // client (a process, for stdio) at the gateway. The tests' ClientInputTimeout is 3 s: the flood must be quick.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var asked = 0;
        var options = SamplingOptions(protocolVersion: null, async ct =>
        {
            Interlocked.Increment(ref asked);
            await release.Task.WaitAsync(ct);
        });
        await using var first = await ConnectAsync(FloodKey, options);
        await using var second = await ConnectAsync(FloodKey, options);
        await using var third = await ConnectAsync(FloodKey, SamplingOptions(protocolVersion: null));

        var waiting = new[] { AskAsync(first, "first"), AskAsync(second, "second") };
        await WaitUntilAsync(() => Volatile.Read(ref asked) == 2);
        // Refused at the HTTP door (429): the SDK client throws with the answer's status and body.
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => AskAsync(third, "third"));
        release.SetResult();

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Gateway:Keys:flood:Limits:MaxPendingCalls", refused.Message);
        Assert.Equal(["model said: answer", "model said: answer"], await Task.WhenAll(waiting));
        await using var other = await ConnectAsync(PlatformFixture.ApiKey, SamplingOptions(protocolVersion: null));
        Assert.Equal("model said: answer", await AskAsync(other, "other key"));
        Assert.Equal("model said: answer", await EventuallyAsync(() => AskAsync(third, "after the flood")));
    }

    [Fact]
    public async Task CallFloodFromOneKey_IsCappedAndOtherKeysStayServed()
    {
        // 2026-07-28 (stateless): dropping a request cancels its call at the gateway (a session client would have to say so).
        await using var flood = await ConnectAsync(FloodKey, new McpClientOptions());
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // Three calls at once that each wait a minute: whichever comes third is refused at once, the other two go on.
        var waits = Enumerable.Range(0, 3)
            .Select(_ => flood.CallToolAsync("fixture-wait", new Dictionary<string, object?> { ["tag"] = Guid.NewGuid().ToString("N") }, cancellationToken: stop.Token).AsTask())
            .ToList();
        var first = await Task.WhenAny(waits).WaitAsync(TimeSpan.FromSeconds(30));

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => first); // 429 at the HTTP door
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Gateway:Keys:flood:Limits:MaxPendingCalls", refused.Message);
        Assert.Equal(2, waits.Count(wait => !wait.IsCompleted));
        await using (var other = await ConnectAsync(PlatformFixture.ApiKey, new McpClientOptions()))
        {
            Assert.Equal("logged", Text(await other.CallToolAsync("fixture-log", new Dictionary<string, object?> { ["message"] = "other key" })));
        }

        // Release: the client drops its waiting calls; the gateway cancels them upstream and counts them no more.
        await stop.CancelAsync();
        foreach (var wait in waits.Where(wait => wait != first))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        }

        var result = await EventuallyAsync(async () => await flood.CallToolAsync("fixture-log", new Dictionary<string, object?> { ["message"] = "after" }));
        Assert.Equal("logged", Text(result));
    }

    private async Task<McpClient> ConnectAsync(string apiKey, McpClientOptions? options = null, HttpTransportMode mode = HttpTransportMode.StreamableHttp) =>
        await platform.ConnectToGatewayAsync(apiKey: apiKey, mode: mode, options: options ?? new McpClientOptions { ProtocolVersion = "2025-11-25" });

    private async Task<McpClient> ConnectSseAsync() => await platform.ConnectToGatewayAsync("/mcp/sse", FloodKey, mode: HttpTransportMode.Sse);

    /// <summary>A raw <c>initialize</c> on <c>/mcp</c>, to see the HTTP answer itself.</summary>
    private async Task<HttpResponseMessage> InitializeAsync(string apiKey)
    {
        using var http = platform.CreateGatewayHttpClient(apiKey);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent(
                """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"flood","version":"1"}}}""",
                System.Text.Encoding.UTF8,
                "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        return await http.SendAsync(request);
    }

    private static async Task AssertRefusedSessionAsync(HttpResponseMessage response, string setting)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.TooManyRequests, $"{(int)response.StatusCode}: {body}");
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        Assert.False(response.Headers.Contains("Mcp-Session-Id"), "a refused session must not get a session id");
        using var error = JsonDocument.Parse(body);
        Assert.Equal("key_session_limit", error.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains(setting, error.RootElement.GetProperty("error").GetProperty("message").GetString());
        Assert.DoesNotContain("   at ", body); // no stack trace
    }

    private static async Task<string> AskAsync(McpClient client, string question) =>
        Text(await client.CallToolAsync("fixture-ask_model", new Dictionary<string, object?> { ["question"] = question }));

    private static McpClientOptions SamplingOptions(string? protocolVersion = "2025-11-25", Func<CancellationToken, Task>? beforeAnswering = null) => new()
    {
        ProtocolVersion = protocolVersion,
        Capabilities = new ClientCapabilities { Sampling = new() },
        Handlers = new McpClientHandlers
        {
            SamplingHandler = async (_, _, ct) =>
            {
                if (beforeAnswering is not null)
                {
                    await beforeAnswering(ct);
                }

                return new CreateMessageResult { Content = [new TextContentBlock { Text = "answer" }], Model = "test-model", Role = Role.Assistant };
            },
        },
    };

    private static string Text(CallToolResult result)
    {
        Assert.True(result.IsError != true, string.Concat(result.Content.OfType<TextContentBlock>().Select(block => block.Text)));
        return Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
    }

    /// <summary>What was given back is given back asynchronously (the session's end runs after DELETE's answer): try a few times.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> attempt)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                return await attempt();
            }
            catch (Exception ex) when (i < 50 && ex is McpException or HttpRequestException)
            {
                await Task.Delay(200);
            }
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }
    }

    private static HashSet<int> StdioProcessIds() => [.. GatewayAccessTests.StdioConnectorProcesses().Select(process => process.Id)];

    private static async Task DisposeAllAsync(List<McpClient> sessions)
    {
        foreach (var session in sessions)
        {
            await session.DisposeAsync();
        }
    }
}
