using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelContextProtocol.Protocol;

namespace McpPlatform.IntegrationTests.ConformanceFixture;

/// <summary>
/// A real MCP server (C# SDK, stateful streamable HTTP on loopback) with every tool, resource and prompt the
/// conformance suite's server scenarios ask for (../shared/conformance-server-requirements.md), DNS-rebinding
/// protection (Host and Origin) and resumable SSE streams. The suite runs against it directly and through the
/// gateway's per-server route.
/// </summary>
public sealed class ConformanceServer : IAsyncDisposable
{
    private static readonly string[] LocalHosts = ["localhost", "127.0.0.1", "[::1]"];

    private readonly WebApplication app;

    private ConformanceServer(WebApplication app) => this.app = app;

    /// <summary>The MCP endpoint under <c>localhost</c>, as the DNS-rebinding scenario requires.</summary>
    public Uri McpUrl
    {
        get
        {
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            return new Uri($"http://localhost:{address.Port}/mcp");
        }
    }

    public static async Task<ConformanceServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["AllowedHosts"] = string.Join(';', LocalHosts);
        builder.Services.AddHostFiltering(options => options.AllowedHosts = LocalHosts);
        builder.Services.AddDistributedMemoryCache();
#pragma warning disable MCP9006 // Stateful sessions and resumable streams: what 2025-11-25 clients (the suite's) use.
        builder.Services.AddMcpServer()
            .WithHttpTransport(options => options.SessionMode = ModelContextProtocol.AspNetCore.HttpServerSessionMode.Stateful)
            .WithDistributedCacheEventStreamStore()
            .WithTools<ConformanceTools>()
            .WithTools([ConformanceTools.JsonSchema202012Tool()])
            .WithResources<ConformanceResources>()
            .WithPrompts<ConformancePrompts>()
            .WithSubscribeToResourcesHandler((_, _) => ValueTask.FromResult(new EmptyResult()))
            .WithUnsubscribeFromResourcesHandler((_, _) => ValueTask.FromResult(new EmptyResult()))
            .WithCompleteHandler((request, _) => ValueTask.FromResult(ConformancePrompts.Complete(request.Params)));
#pragma warning restore MCP9006
        var app = builder.Build();
        app.UseHostFiltering();
        app.UseOriginValidation();
        app.MapMcp("/mcp");
        await app.StartAsync();
        return new ConformanceServer(app);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
