using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Tests.Pipeline;

/// <summary>
/// A real streamable-HTTP MCP server (the SDK's, on a TestServer) whose one tool <c>headers</c> answers with the
/// headers its HTTP request carried, as JSON: what an upstream sees of the gateway's request. It also keeps the header
/// names its <c>tools/list</c> requests carried (a list serves every client: no client's header belongs there).
/// </summary>
internal sealed class HeaderEchoUpstream : IAsyncDisposable
{
    private readonly WebApplication app;

    private HeaderEchoUpstream(WebApplication app, ConcurrentBag<string> listHeaders) => (this.app, ListHeaders) = (app, listHeaders);

    public ConcurrentBag<string> ListHeaders { get; }

    public Uri McpUrl => new(app.GetTestServer().BaseAddress, "/mcp");

    public HttpMessageHandler Handler() => app.GetTestServer().CreateHandler();

    public static async Task<HeaderEchoUpstream> StartAsync()
    {
        var listHeaders = new ConcurrentBag<string>();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddMcpServer(options => options.Handlers = new()
        {
            ListToolsHandler = (request, _) =>
            {
                foreach (var header in Http(request.Services!).Request.Headers.Keys)
                {
                    listHeaders.Add(header.ToLowerInvariant());
                }

                return ValueTask.FromResult(new ListToolsResult
                {
                    Tools = [new Tool { Name = "headers", InputSchema = JsonSerializer.SerializeToElement(new { type = "object" }) }],
                });
            },
            CallToolHandler = (request, _) =>
            {
                var seen = Http(request.Services!).Request.Headers.ToDictionary(header => header.Key.ToLowerInvariant(), header => header.Value.ToString());
                return ValueTask.FromResult(new CallToolResult { Content = [new TextContentBlock { Text = JsonSerializer.Serialize(seen) }] });
            },
        })
        .WithHttpTransport(options => options.SessionMode = ModelContextProtocol.AspNetCore.HttpServerSessionMode.Stateless);
        var app = builder.Build();
        app.MapMcp("/mcp");
        await app.StartAsync();
        return new HeaderEchoUpstream(app, listHeaders);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static HttpContext Http(IServiceProvider services) => services.GetRequiredService<IHttpContextAccessor>().HttpContext!;
}
