using System.Net;
using System.Text.Json;

namespace McpPlatform.Gateway.Tests.Pipeline;

/// <summary>
/// A key's calls in flight at the HTTP door (ASP.NET Core rate limiting, a concurrency partition per key): the call past
/// the key's limit gets 429 with Retry-After on every route, the calls in flight finish, other keys are not slowed.
/// </summary>
public sealed class KeyConcurrencyLimitTests
{
    private static readonly Dictionary<string, string?> NarrowHoldsTwo = new() { ["Gateway:Keys:narrow:Limits:MaxPendingCalls"] = "2" };

    [Fact]
    public async Task FloodingKey_CallPastItsLimit_Gets429WithRetryAfter_CallsInFlightFinish_OtherKeyServed()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var alpha = new FakeUpstream("alpha") { HoldCalls = hold };
        await using var gateway = await GatewayHost.StartAsync([alpha, new FakeUpstream("beta")], NarrowHoldsTwo);
        using var session = await RawSession.OpenAsync(gateway, GatewayHost.NarrowKey);
        using var routed = await RawSession.OpenAsync(gateway, GatewayHost.NarrowKey, "/mcp/alpha");
        using var other = await RawSession.OpenAsync(gateway, GatewayHost.Key);

        await ListedAsync(session, "alpha-echo"); // on a loaded machine a first listing may miss the list deadline
        await ListedAsync(other, "beta-echo");
        var held = new[] { Call(session, "alpha-echo", "one"), Call(session, "alpha-echo", "two") };
        await WaitUntilAsync(() => alpha.CallsInFlight == 2);

        using var refused = await Call(session, "alpha-echo", "three");
        using var refusedOnServerRoute = await Call(routed, "echo", "four");
        using var refusedOnRest = await gateway.Http(GatewayHost.NarrowKey).GetAsync("/v1/models");
        using var listing = await session.RequestAsync("tools/list"); // not a call: served while the key is at its limit
        using var otherKey = await Call(other, "beta-echo", "served");

        foreach (var response in new[] { refused, refusedOnServerRoute, refusedOnRest })
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "429 without Retry-After");
            var error = (await RawSession.ReadMessageAsync(response)).GetProperty("error");
            Assert.Equal("key_concurrency_limit", error.GetProperty("code").GetString());
            Assert.Contains("Gateway:Keys:narrow:Limits:MaxPendingCalls", error.GetProperty("message").GetString());
        }

        Assert.Equal(HttpStatusCode.OK, listing.StatusCode);
        Assert.Equal("served", Text(await RawSession.ReadMessageAsync(otherKey)));
        Assert.Equal(2, alpha.CallsInFlight); // the refused ones never reached the upstream

        hold.SetResult();
        var finished = await Task.WhenAll(held);
        Assert.Equal(["one", "two"], await Task.WhenAll(finished.Select(async response => Text(await RawSession.ReadMessageAsync(response)))));
        using var afterwards = await Call(session, "alpha-echo", "again"); // the permits were given back
        Assert.Equal("again", Text(await RawSession.ReadMessageAsync(afterwards)));
    }

    [Fact]
    public async Task CallsBelowTheLimit_AreNotCountedTwice_ByTheDoorAndTheCallPath()
    {
        await using var holding = await HoldingGateway.StartAsync();
        var session = holding.Session;

        var held = new[] { Call(session, "alpha-echo", "one"), Call(session, "alpha-echo", "two") };
        await WaitUntilAsync(() => holding.Alpha.CallsInFlight == 2);
        holding.Hold.SetResult();

        foreach (var response in await Task.WhenAll(held))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False((await RawSession.ReadMessageAsync(response)).TryGetProperty("error", out _), "a call within the limit was refused");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CallsWithBodiesLargerThanThePeek_AreCounted_AndReachTheUpstreamWhole(bool chunked)
    {
        // 100 KB of arguments: past the 16 KB the door looks at and past the 30 KB a buffered body would spill to disk.
        await using var holding = await HoldingGateway.StartAsync();
        var session = holding.Session;
        var texts = new[] { new string('a', 100_000), new string('b', 100_000), new string('c', 100_000) };

        var held = new[] { BigCall(session, texts[0], chunked), BigCall(session, texts[1], chunked) };
        await WaitUntilAsync(() => holding.Alpha.CallsInFlight == 2);
        using var refused = await BigCall(session, texts[2], chunked);
        holding.Hold.SetResult();

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var answered = await Task.WhenAll(held);
        Assert.Equal(texts[..2], await Task.WhenAll(answered.Select(async response => Text(await RawSession.ReadMessageAsync(response)))));
    }

    [Fact]
    public async Task Peek_BodyArrivingInPieces_IsFoundAndLeftWholeForTheNextReader()
    {
        // A real pipe (as under Kestrel's HTTP/1.1 and HTTP/2 bodies) enforces that a reader never examines less than it
        // already did, and Kestrel's body readers take PipeReader's own ReadAtLeastAsync, which examines each short read:
        // the peek must leave the pipe usable while the rest of a large body is still arriving.
        var pipe = new System.IO.Pipelines.Pipe();
        var kestrelLike = new BodyReader(pipe.Reader);
        var body = System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            jsonrpc = "2.0",
            id = 1,
            method = "tools/call",
            @params = new { name = "alpha-echo", arguments = new { text = new string('x', 100_000) } },
        }));
        await pipe.Writer.WriteAsync(body.AsMemory(0, 1024));

        var peek = McpPlatform.Gateway.Limits.ToolCallDetection.PeekAsync(kestrelLike, CancellationToken.None);
        await Task.Delay(50);
        Assert.False(peek.IsCompleted); // waits for the 16 KB it looks at
        var rest = Task.Run(async () =>
        {
            for (var offset = 1024; offset < body.Length; offset += 7000)
            {
                await pipe.Writer.WriteAsync(body.AsMemory(offset, Math.Min(7000, body.Length - offset)));
            }

            await pipe.Writer.CompleteAsync();
        });

        Assert.True(await peek.WaitAsync(TimeSpan.FromSeconds(10)));
        using var read = new MemoryStream();
        await kestrelLike.AsStream().CopyToAsync(read).WaitAsync(TimeSpan.FromSeconds(10)); // what the SDK reads afterwards
        await rest;
        Assert.Equal(body, read.ToArray());
    }

    [Fact]
    public async Task SdkClient_CallPastTheLimit_FailsWithTheHttp429()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var alpha = new FakeUpstream("alpha") { HoldCalls = hold };
        await using var gateway = await GatewayHost.StartAsync([alpha], NarrowHoldsTwo);
        await using var client = await gateway.ConnectAsync(key: GatewayHost.NarrowKey);
        await Telemetry.AuditedGateway.WaitForToolAsync(client, "alpha-echo");
        var held = new[] { client.CallToolAsync("alpha-echo").AsTask(), client.CallToolAsync("alpha-echo").AsTask() };
        await WaitUntilAsync(() => alpha.CallsInFlight == 2);

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.CallToolAsync("alpha-echo").AsTask());
        hold.SetResult();
        await Task.WhenAll(held);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Gateway:Keys:narrow:Limits:MaxPendingCalls", refused.Message); // the SDK puts the answer's body in its message
    }

    [Fact]
    public async Task LegacySseMessagePost_PastTheLimit_Gets429WithRetryAfter()
    {
        await using var holding = await HoldingGateway.StartAsync();
        var (gateway, session) = (holding.Gateway, holding.Session);
        var held = new[] { Call(session, "alpha-echo", "one"), Call(session, "alpha-echo", "two") };
        await WaitUntilAsync(() => holding.Alpha.CallsInFlight == 2);

        using var http = gateway.Http(GatewayHost.NarrowKey);
        using var stream = await http.GetAsync("/mcp/sse", HttpCompletionOption.ResponseHeadersRead);
        using var events = new StreamReader(await stream.Content.ReadAsStreamAsync());
        string? endpoint = null;
        while (endpoint is null && await events.ReadLineAsync() is { } line)
        {
            endpoint = line.StartsWith("data:", StringComparison.Ordinal) ? line[5..].Trim() : null;
        }

        Assert.NotNull(endpoint);
        endpoint = endpoint.StartsWith('/') ? endpoint : "/mcp/" + endpoint;
        using (var initialize = await PostAsync(http, endpoint, """{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2024-11-05","capabilities":{},"clientInfo":{"name":"sse","version":"1"}}}"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, initialize.StatusCode);
        }

        using (var initialized = await PostAsync(http, endpoint, """{"jsonrpc":"2.0","method":"notifications/initialized"}"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, initialized.StatusCode);
        }

        using var refused = await PostAsync(http, endpoint, """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"alpha-echo","arguments":{"text":"three"}}}""");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "429 without Retry-After");
        Assert.Equal(2, holding.Alpha.CallsInFlight);
        holding.Hold.SetResult();
        foreach (var response in await Task.WhenAll(held))
        {
            response.Dispose();
        }
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"a"}}""", true)]
    [InlineData("""{"params":{"name":"a","arguments":{"method":"x"}},"jsonrpc":"2.0","id":1,"method":"tools/call"}""", true)]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"a","requestState":"s"}}""", false)]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", false)]
    [InlineData("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}""", false)]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":{"method":"tools/call"}}""", false)]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":7}""", false)]
    [InlineData("""not json""", false)]
    public void StartsToolCall_TellsNewToolCallsFromEverythingElse(string body, bool expected) =>
        Assert.Equal(expected, McpPlatform.Gateway.Limits.ToolCallDetection.StartsToolCall(System.Text.Encoding.UTF8.GetBytes(body), isFinalBlock: true));

    [Fact]
    public void StartsToolCall_OnlyTheBodysStart_FindsAMethodWrittenFirst()
    {
        var start = System.Text.Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"a","arguments":{"text":"aaaa""");

        Assert.True(McpPlatform.Gateway.Limits.ToolCallDetection.StartsToolCall(start, isFinalBlock: false));
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string endpoint, string body) =>
        http.PostAsync(endpoint, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

    private static Task<HttpResponseMessage> Call(RawSession session, string tool, string text) =>
        session.RequestAsync("tools/call", new { name = tool, arguments = new { text } });

    private static Task<HttpResponseMessage> BigCall(RawSession session, string text, bool chunked)
    {
        var body = JsonSerializer.Serialize(new { jsonrpc = "2.0", id = Guid.NewGuid().ToString(), method = "tools/call", @params = new { name = "alpha-echo", arguments = new { text } } });
        return chunked ? session.PostAsync(new ChunkedJson(body)) : session.PostAsync(body);
    }

    /// <summary>
    /// A gateway whose upstream <c>alpha</c> holds every call until <see cref="Hold"/> is set, the narrow key limited to
    /// two calls in flight, and that key's session, which already lists <c>alpha-echo</c>.
    /// </summary>
    private sealed class HoldingGateway : IAsyncDisposable
    {
        private HoldingGateway(TaskCompletionSource hold, FakeUpstream alpha, GatewayHost gateway, RawSession session) =>
            (Hold, Alpha, Gateway, Session) = (hold, alpha, gateway, session);

        public TaskCompletionSource Hold { get; }

        public FakeUpstream Alpha { get; }

        public GatewayHost Gateway { get; }

        public RawSession Session { get; }

        public static async Task<HoldingGateway> StartAsync()
        {
            var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var alpha = new FakeUpstream("alpha") { HoldCalls = hold };
            var gateway = await GatewayHost.StartAsync([alpha], NarrowHoldsTwo);
            var session = await RawSession.OpenAsync(gateway, GatewayHost.NarrowKey);
            await ListedAsync(session, "alpha-echo"); // on a loaded machine a first listing may miss the list deadline
            return new HoldingGateway(hold, alpha, gateway, session);
        }

        public async ValueTask DisposeAsync()
        {
            Hold.TrySetResult(); // a failed test must not leave calls hanging in the host it disposes
            Session.Dispose();
            await Gateway.DisposeAsync();
        }
    }

    /// <summary>
    /// A request body reader as Kestrel's are: no override of ReadAtLeastAsync (so PipeReader's own examines each short
    /// read), and an examined position that may not move back (Kestrel's message bodies throw when it does).
    /// </summary>
    private sealed class BodyReader(System.IO.Pipelines.PipeReader inner) : System.IO.Pipelines.PipeReader
    {
        private System.Buffers.ReadOnlySequence<byte> last;
        private long consumedBefore;
        private long examinedUpTo;

        public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
        {
            var examinedAt = consumedBefore + last.Slice(0, examined).Length;
            if (examinedAt < examinedUpTo)
            {
                throw new InvalidOperationException("The examined position cannot be less than the previously examined position.");
            }

            examinedUpTo = examinedAt;
            consumedBefore += last.Slice(0, consumed).Length;
            inner.AdvanceTo(consumed, examined);
        }

        public override void CancelPendingRead() => inner.CancelPendingRead();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override async ValueTask<System.IO.Pipelines.ReadResult> ReadAsync(CancellationToken cancellationToken = default)
        {
            var result = await inner.ReadAsync(cancellationToken);
            last = result.Buffer;
            return result;
        }

        public override bool TryRead(out System.IO.Pipelines.ReadResult result)
        {
            var read = inner.TryRead(out result);
            last = result.Buffer;
            return read;
        }
    }

    /// <summary>A JSON body sent without Content-Length (chunked), as some clients send theirs.</summary>
    private sealed class ChunkedJson(string json) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(json)).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    private static string Text(JsonElement message) =>
        message.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString()!;

    /// <summary>Lists the session's tools until <paramref name="tool"/> is among them (30 s at most).</summary>
    private static async Task ListedAsync(RawSession session, string tool)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            using var listing = await session.RequestAsync("tools/list");
            var tools = (await RawSession.ReadMessageAsync(listing)).GetProperty("result").GetProperty("tools").EnumerateArray();
            if (tools.Any(listed => listed.GetProperty("name").GetString() == tool))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{tool} was not listed within 30 s");
            await Task.Delay(100);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 30 s");
            await Task.Delay(10);
        }
    }
}
