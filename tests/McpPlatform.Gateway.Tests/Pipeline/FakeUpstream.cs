using System.IO.Pipelines;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpPlatform.Gateway.Tests.Pipeline;

/// <summary>
/// An MCP server in this process, reached over in-memory pipes (each connection gets a fresh server, as a restarted
/// process would): tools <c>echo</c> and <c>whoami</c> plus any given, a prompt, and knobs for the faults the gateway
/// must survive: a delay on every request, hanging on every request after the first listing, hanging on initialize,
/// failing to connect.
/// </summary>
internal sealed class FakeUpstream(string name, TimeProvider? time = null)
{
    private readonly TimeProvider time = time ?? TimeProvider.System;
    private readonly System.Collections.Concurrent.ConcurrentBag<Pipe> open = [];
    private int requests;
    private int connections;
    private int listings;
    private int callsInFlight;

    public string Name { get; } = name;

    /// <summary>Extra tool names it lists (besides echo and whoami).</summary>
    public List<string> ExtraTools { get; } = [];

    /// <summary>Input schemas of its own for some tools, by name (the others take <c>{"text": string}</c>).</summary>
    public Dictionary<string, JsonElement> InputSchemas { get; } = [];

    /// <summary>Added to every request it answers (a slow server), on its clock (the gateway's in the isolation runs).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>After its first tools/list, every request hangs (the server is stuck but its connection stays open).</summary>
    public bool HangAfterFirstListing { get; set; }

    /// <summary>Never answers initialize (a process that starts and never speaks).</summary>
    public bool HangOnInitialize { get; set; }

    /// <summary>Connecting fails at once (a server that is down).</summary>
    public bool Down { get; set; }

    /// <summary>While set and not completed, every tool call waits for it (calls held in flight).</summary>
    public TaskCompletionSource? HoldCalls { get; set; }

    /// <summary>Tool calls running in it now.</summary>
    public int CallsInFlight => Volatile.Read(ref callsInFlight);

    /// <summary>The <c>_meta.traceparent</c> of every tool call it got (null for a call without one).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string?> TraceParents { get; } = new();

    /// <summary>Requests that reached it (tools/list and tools/call).</summary>
    public int Requests => Volatile.Read(ref requests);

    public int Connections => Volatile.Read(ref connections);

    /// <summary>The server dies: its open connections break and new ones are refused until <see cref="Down"/> is cleared.</summary>
    public void Crash()
    {
        Down = true;
        // Both directions end, as with a dead process: no request is left waiting on a connection nobody answers.
        while (open.TryTake(out var pipe))
        {
            pipe.Writer.Complete(new IOException($"{Name} crashed."));
            pipe.Reader.Complete(new IOException($"{Name} crashed."));
        }
    }

    /// <summary>The transport the gateway connects with: a new in-memory server per connection.</summary>
    public IClientTransport Transport() => new InMemoryTransport(this);

    private async ValueTask BehaveAsync(bool listing, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref requests);
        if (HangAfterFirstListing && (!listing || Interlocked.Increment(ref listings) > 1))
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, time, cancellationToken);
        }
    }

    private McpServerOptions ServerOptions() => new()
    {
        ServerInfo = new Implementation { Name = Name, Version = "1.0.0" },
        Handlers = new McpServerHandlers
        {
            ListToolsHandler = async (_, ct) =>
            {
                await BehaveAsync(listing: true, ct);
                return new ListToolsResult { Tools = [.. new[] { "echo", "whoami" }.Concat(ExtraTools).Select(ToolNamed)] };
            },
            CallToolHandler = async (request, ct) =>
            {
                TraceParents.Enqueue(request.Params?.Meta?["traceparent"]?.GetValue<string>());
                Interlocked.Increment(ref callsInFlight);
                try
                {
                    await BehaveAsync(listing: false, ct);
                    if (HoldCalls is { } hold)
                    {
                        await hold.Task.WaitAsync(ct);
                    }
                }
                finally
                {
                    Interlocked.Decrement(ref callsInFlight);
                }

                var text = request.Params!.Name switch
                {
                    "whoami" => Name,
                    _ => request.Params.Arguments?.TryGetValue("text", out var value) == true ? value.GetString() ?? "" : "",
                };
                return new CallToolResult
                {
                    Content = [new TextContentBlock { Text = text }],
                    StructuredContent = JsonSerializer.SerializeToElement(new { server = Name, tool = request.Params.Name }, McpJsonUtilities.DefaultOptions),
                };
            },
            ListPromptsHandler = (_, _) => ValueTask.FromResult(new ListPromptsResult { Prompts = [new Prompt { Name = "greet", Description = "Says hello." }] }),
            GetPromptHandler = (request, _) => ValueTask.FromResult(new GetPromptResult
            {
                Messages = [new PromptMessage { Role = Role.User, Content = new TextContentBlock { Text = $"hello from {Name}" } }],
            }),
        },
    };

    private Tool ToolNamed(string name) => new()
    {
        Name = name,
        Description = $"The {name} tool.",
        InputSchema = InputSchemas.TryGetValue(name, out var schema)
            ? schema
            : JsonSerializer.SerializeToElement(new { type = "object", properties = new { text = new { type = "string" } } }),
    };

    private sealed class InMemoryTransport(FakeUpstream upstream) : IClientTransport
    {
        public string Name => upstream.Name;

        public async Task<ITransport> ConnectAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref upstream.connections);
            if (upstream.Down)
            {
                throw new IOException($"Connection refused ({upstream.Name} is down).");
            }

            var toServer = new Pipe();
            var toClient = new Pipe();
            upstream.open.Add(toClient);
            upstream.open.Add(toServer);
            if (!upstream.HangOnInitialize)
            {
                var server = McpServer.Create(new StreamServerTransport(toServer.Reader.AsStream(), toClient.Writer.AsStream()), upstream.ServerOptions());
                _ = server.RunAsync().ContinueWith(_ => server.DisposeAsync().AsTask(), TaskScheduler.Default);
            }

            return await new StreamClientTransport(toServer.Writer.AsStream(), toClient.Reader.AsStream()).ConnectAsync(cancellationToken);
        }
    }
}
