using McpPlatform.Gateway.Upstreams;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;

namespace McpPlatform.Gateway.Tests.Pipeline;

/// <summary>
/// The gateway's whole pipeline in this process (ASP.NET Core's TestServer: no ports, no AppHost), its upstreams
/// <see cref="FakeUpstream"/>s behind <see cref="IUpstreamTransports"/>: starts in milliseconds. Every server is granted
/// to the key <see cref="Key"/>; <see cref="NarrowKey"/> may use only the first server.
/// </summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    public const string Key = "pipeline-test-key-0123456789";
    public const string NarrowKey = "pipeline-narrow-key-012345678";

    private readonly WebApplication app;

    private GatewayHost(WebApplication app) => this.app = app;

    public IServiceProvider Services => app.Services;

    /// <summary>
    /// Starts a gateway over <paramref name="upstreams"/>; <paramref name="settings"/> adds or overrides <c>Gateway:</c>
    /// settings; with <paramref name="database"/> (a connection string) the gateway has its database (<c>gatewaydb</c>:
    /// migrations, virtual keys, audit log); <paramref name="configure"/> adds services (e.g. an in-memory exporter).
    /// </summary>
    public static async Task<GatewayHost> StartAsync(
        IReadOnlyList<FakeUpstream> upstreams,
        IDictionary<string, string?>? settings = null,
        TimeProvider? time = null,
        string? database = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var configuration = new Dictionary<string, string?>
        {
            ["AllowedHosts"] = "*",
            ["Gateway:HealthCheckInterval"] = "00:00:01",
            ["Gateway:Keys:wide:Key"] = Key,
            ["Gateway:Keys:wide:Servers:0"] = "*",
            ["Gateway:Keys:narrow:Key"] = NarrowKey,
            ["Gateway:Keys:narrow:Servers:0"] = upstreams[0].Name,
        };
        foreach (var upstream in upstreams)
        {
            configuration[$"Gateway:Servers:{upstream.Name}:Url"] = $"http://{upstream.Name.Replace('_', '-')}/mcp";
        }

        if (database is not null)
        {
            configuration["ConnectionStrings:gatewaydb"] = database;
        }

        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[name] = value;
        }

        builder.Configuration.Sources.Clear(); // not the gateway's appsettings.json (copied next to the tests)
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddMcpGateway();
        builder.Services.AddSingleton<IUpstreamTransports>(new FakeUpstreams(upstreams.ToDictionary(upstream => upstream.Name)));
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapMcpGateway();
        await app.StartAsync();
        return new GatewayHost(app);
    }

    /// <summary>An HTTP client of the gateway, with a key.</summary>
    public HttpClient Http(string key = Key)
    {
        var http = app.GetTestClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return http;
    }

    /// <summary>An MCP client session on a route of the gateway (<c>/mcp</c>, <c>/mcp/{server}</c>).</summary>
    public async Task<McpClient> ConnectAsync(string route = "/mcp", string key = Key, McpClientOptions? options = null)
    {
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions { Endpoint = new Uri(app.GetTestServer().BaseAddress, route), TransportMode = HttpTransportMode.StreamableHttp },
            Http(key),
            ownsHttpClient: true);
        return await McpClient.CreateAsync(transport, options ?? new McpClientOptions { ProtocolVersion = "2025-11-25" });
    }

    /// <summary>A handler straight into the test server (no redirects followed, no cookies kept), to build clients on.</summary>
    public HttpMessageHandler CreateHandler() => app.GetTestServer().CreateHandler();

    /// <summary>The gateway's base address (for raw HTTP requests).</summary>
    public Uri BaseAddress => app.GetTestServer().BaseAddress;

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
