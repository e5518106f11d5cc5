using System.ComponentModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

#pragma warning disable MCP9005 // Sampling and roots: what 2025-xx clients and servers use.

namespace McpPlatform.IntegrationTests;

/// <summary>
/// A real MCP server (C# SDK, stateful streamable HTTP on loopback) whose tools ask the client things —
/// sampling, elicitation, roots — and report progress, to prove the gateway routes them to the right client.
/// </summary>
public sealed class FixtureServer : IAsyncDisposable
{
    private WebApplication app;

    private FixtureServer(WebApplication app) => this.app = app;

    public Uri McpUrl => new(BaseAddress + "/mcp");

    private string BaseAddress => app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public static async Task<FixtureServer> StartAsync() => new(await StartAppAsync("http://127.0.0.1:0"));

    /// <summary>Every <c>Authorization</c> value the server received: the gateway must never pass a client's key on.</summary>
    public static System.Collections.Concurrent.ConcurrentQueue<string> ReceivedAuthorizations { get; } = new();

    /// <summary>Stops the server (calls in flight fail, sessions are lost) and starts a fresh one on the same port.</summary>
    public async Task RestartAsync()
    {
        var address = BaseAddress;
        await app.StopAsync();
        await app.DisposeAsync();
        app = await StartAppAsync(address);
    }

    private static async Task<WebApplication> StartAppAsync(string url)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(1)); // a restart drops calls in flight
        builder.Services.AddMcpServer()
            .WithHttpTransport(options => options.SessionMode = ModelContextProtocol.AspNetCore.HttpServerSessionMode.Stateful)
            .WithTools<FixtureTools>()
            .WithResources<FixtureResources>()
            .WithSubscribeToResourcesHandler((request, _) =>
            {
                FixtureTools.Subscribers[request.Server.SessionId!] = (request.Server, request.Params!.Uri);
                return ValueTask.FromResult(new EmptyResult());
            })
            .WithUnsubscribeFromResourcesHandler((request, cancellationToken) =>
            {
                // Keyed by session: each request gets its own McpServer object.
                FixtureTools.Subscribers.TryRemove(request.Server.SessionId!, out var removed);
                return ValueTask.FromResult(new EmptyResult());
            });
        var app = builder.Build();
        app.Use((context, next) =>
        {
            foreach (var value in context.Request.Headers.Authorization)
            {
                ReceivedAuthorizations.Enqueue(value ?? string.Empty);
            }

            return next(context);
        });
        app.MapMcp("/mcp");
        await app.StartAsync();
        return app;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [McpServerResourceType]
    public sealed class FixtureResources
    {
        [McpServerResource(UriTemplate = "fixture://counter", Name = "counter", MimeType = "text/plain"), Description("A value that changes when touched.")]
        public static string Counter() => DateTime.UtcNow.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    [McpServerToolType]
    public sealed class FixtureTools
    {
        /// <summary>Sessions subscribed to a resource, by session id, with the server to notify and the URI.</summary>
        public static System.Collections.Concurrent.ConcurrentDictionary<string, (McpServer Server, string Uri)> Subscribers { get; } = new();

        [McpServerTool(Name = "touch"), Description("Tells every subscriber of the resource that it changed.")]
        public static async Task<string> TouchAsync(string uri, CancellationToken cancellationToken)
        {
            var told = 0;
            foreach (var (subscriber, _) in Subscribers.Values.Where(value => value.Uri == uri))
            {
                await subscriber.SendNotificationAsync(NotificationMethods.ResourceUpdatedNotification, new ResourceUpdatedNotificationParams { Uri = uri }, cancellationToken: cancellationToken);
                told++;
            }

            return $"told {told}";
        }

        [McpServerTool(Name = "ask_model"), Description("Asks the client's model a question (sampling).")]
        public static async Task<string> AskModelAsync(McpServer server, string question, CancellationToken cancellationToken)
        {
            try
            {
                var result = await server.SampleAsync(
                    new CreateMessageRequestParams
                    {
                        Messages = [new SamplingMessage { Role = Role.User, Content = [new TextContentBlock { Text = question }] }],
                        MaxTokens = 100,
                    },
                    cancellationToken);
                return "model said: " + string.Concat(result.Content.OfType<TextContentBlock>().Select(block => block.Text));
            }
            catch (OperationCanceledException)
            {
                CancelledWaits["ask:" + question] = true;
                throw;
            }
        }

        [McpServerTool(Name = "confirm"), Description("Asks the user to confirm (elicitation).")]
        public static async Task<string> ConfirmAsync(McpServer server, string action, CancellationToken cancellationToken)
        {
            var result = await server.ElicitAsync(
                new ElicitRequestParams
                {
                    Message = $"Do you want to {action}?",
                    RequestedSchema = new ElicitRequestParams.RequestSchema
                    {
                        Properties = new Dictionary<string, ElicitRequestParams.PrimitiveSchemaDefinition>
                        {
                            ["ok"] = new ElicitRequestParams.BooleanSchema { Description = "Confirm" },
                        },
                    },
                },
                cancellationToken);
            return $"{result.Action}:{(result.Content?.TryGetValue("ok", out var ok) == true ? System.Text.Json.JsonSerializer.Serialize(ok) : "none")}";
        }

        [McpServerTool(Name = "client_roots"), Description("Lists the client's roots.")]
        public static async Task<string> ClientRootsAsync(McpServer server, CancellationToken cancellationToken)
        {
            var roots = await server.RequestRootsAsync(new ListRootsRequestParams(), cancellationToken);
            return string.Join(",", roots.Roots.Select(root => root.Uri));
        }

        [McpServerTool(Name = "log"), Description("Sends a log message to the client.")]
        public static async Task<string> LogAsync(McpServer server, string message, CancellationToken cancellationToken)
        {
            await server.SendNotificationAsync(
                NotificationMethods.LoggingMessageNotification,
                new LoggingMessageNotificationParams { Level = LoggingLevel.Warning, Logger = "fixture", Data = System.Text.Json.JsonSerializer.SerializeToElement(message) },
                cancellationToken: cancellationToken);
            return "logged";
        }

        /// <summary>Calls of <c>wait</c> whose cancellation reached this server, by their tag.</summary>
        public static System.Collections.Concurrent.ConcurrentDictionary<string, bool> CancelledWaits { get; } = new();

        [McpServerTool(Name = "wait"), Description("Waits up to a minute, noting when the call is cancelled.")]
        public static async Task<string> WaitAsync(string tag, CancellationToken cancellationToken)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMinutes(1), cancellationToken);
                return "waited";
            }
            catch (OperationCanceledException)
            {
                CancelledWaits[tag] = true;
                throw;
            }
        }

        [McpServerTool(Name = "count"), Description("Counts to n, reporting progress.")]
        public static async Task<string> CountAsync(IProgress<ProgressNotificationValue> progress, int n, CancellationToken cancellationToken)
        {
            for (var i = 1; i <= n; i++)
            {
                progress.Report(new ProgressNotificationValue { Progress = i, Total = n, Message = $"step {i}" });
                await Task.Delay(20, cancellationToken);
            }

            return $"counted to {n}";
        }
    }
}
