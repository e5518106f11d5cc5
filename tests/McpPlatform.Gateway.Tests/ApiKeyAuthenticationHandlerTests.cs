using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using McpPlatform.Gateway.Auth;
using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Routing;
using McpPlatform.Gateway.Upstreams;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Tests;

public sealed class ApiKeyAuthenticationHandlerTests
{
    [Fact]
    public async Task Authenticate_ValidBearerKey_SucceedsWithKeyName()
    {
        var (handler, _) = await CreateAsync($"Bearer {TestOptions.LocalKey}");

        var result = await handler.AuthenticateAsync();

        Assert.True(result.Succeeded);
        Assert.Equal("local-user", result.Principal!.FindFirst(ApiKeyAuthenticationHandler.KeyNameClaim)!.Value);
    }

    [Theory]
    [InlineData(null, "missing_api_key")]
    [InlineData("Basic dXNlcjpwYXNz", "malformed_api_key")]
    [InlineData("Bearer ", "malformed_api_key")]
    [InlineData("Bearer wrong-key-0123456789", "invalid_api_key")]
    public async Task Challenge_WithoutValidKey_Writes401JsonErrorAndNoKey(string? authorization, string expectedCode)
    {
        var (handler, context) = await CreateAsync(authorization);

        var result = await handler.AuthenticateAsync();
        await handler.ChallengeAsync(new AuthenticationProperties());

        Assert.False(result.Succeeded);
        Assert.Equal(StatusCodes.Status401Unauthorized, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        using var body = await JsonDocument.ParseAsync(context.Response.Body);
        Assert.Equal(expectedCode, body.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.DoesNotContain("wrong-key", body.RootElement.GetRawText());
    }

    [Fact]
    public async Task Anonymous_LoopbackMcpRequestWithoutKey_GetsOnlyTheAnonymousGrant()
    {
        var (handler, _) = await CreateAsync(null, AnonymousFor("everything"), "/mcp/everything", IPAddress.Loopback, "everything");

        var result = await handler.AuthenticateAsync();

        Assert.True(result.Succeeded);
        Assert.Equal(AnonymousAccessOptions.KeyName, result.Principal!.FindFirst(ApiKeyAuthenticationHandler.KeyNameClaim)!.Value);
    }

    [Fact]
    public async Task Anonymous_RequestFromAnotherMachine_IsRefusedUnlessAllowed()
    {
        var (handler, _) = await CreateAsync(null, AnonymousFor("everything"), "/mcp/everything", IPAddress.Parse("192.168.1.20"), "everything");

        Assert.False((await handler.AuthenticateAsync()).Succeeded);
    }

    // Paths with the server route value routing gives them (/mcp/{server} and /mcp/{server}/sse; none elsewhere).
    [Theory]
    [InlineData("/v1/models", null)]
    [InlineData("/v1/mcp/servers", null)]
    [InlineData("/mcp", null)]
    [InlineData("/mcp/sse", null)]
    [InlineData("/mcp/postgres_main", "postgres_main")]
    [InlineData("/mcp/db", "db")]
    [InlineData("/mcpx/everything", null)]
    [InlineData("/v1/mcp/servers/everything/tools", "everything")] // the REST routes of its server carry the server value too
    [InlineData("/v1/mcp/servers/everything/openapi.json", "everything")]
    [InlineData("/mcp-rest/tools/list", null)]
    [InlineData("/v2/servers/everything/anything", "everything")] // a later route with a server value is no MCP route either
    public async Task Anonymous_OutsideItsServersOwnRoutes_StillNeedsAKey(string path, string? routedServer)
    {
        var (handler, _) = await CreateAsync(null, AnonymousFor("everything"), path, IPAddress.Loopback, routedServer);

        Assert.False((await handler.AuthenticateAsync()).Succeeded);
    }

    [Theory]
    [InlineData("/mcp/everything", "everything")]
    [InlineData("/mcp/everything/sse", "everything")]
    [InlineData("/MCP/everything", "everything")]
    public async Task Anonymous_OnItsServersOwnRoutes_IsAllowedFromLoopback(string path, string routedServer)
    {
        var (handler, _) = await CreateAsync(null, AnonymousFor("everything"), path, IPAddress.Parse("::ffff:127.0.0.1"), routedServer);

        Assert.True((await handler.AuthenticateAsync()).Succeeded);
    }

    [Fact]
    public async Task Anonymous_WhenNotConfigured_KeylessRequestIsRefused()
    {
        var (handler, _) = await CreateAsync(null, options => { }, "/mcp", IPAddress.Loopback);

        Assert.False((await handler.AuthenticateAsync()).Succeeded);
    }

    [Fact]
    public async Task Anonymous_WrongKeyPresented_IsRefusedNotDowngradedToAnonymous()
    {
        var (handler, _) = await CreateAsync("Bearer wrong-key-0123456789", AnonymousFor("everything"), "/mcp/everything", IPAddress.Loopback, "everything");

        Assert.False((await handler.AuthenticateAsync()).Succeeded);
    }

    private static Action<GatewayOptions> AnonymousFor(string server) => options => options.Anonymous.Servers.Add(server);

    private static async Task<(ApiKeyAuthenticationHandler Handler, HttpContext Context)> CreateAsync(
        string? authorization, Action<GatewayOptions>? configure = null, string path = "/mcp", IPAddress? remote = null, string? routedServer = null)
    {
        var configured = TestOptions.Create();
        configure?.Invoke(configured);
        var options = Options.Create(configured);
        var directory = new ServerDirectory(options);
        var store = new ApiKeyStore(options, directory);
        var handler = new ApiKeyAuthenticationHandler(
            new StaticOptionsMonitor(new AuthenticationSchemeOptions()),
            NullLoggerFactory.Instance,
            UrlEncoder.Default,
            store,
            directory);
        var context = new DefaultHttpContext { Response = { Body = new MemoryStream() } };
        context.Request.Path = path;
        context.Connection.RemoteIpAddress = remote ?? IPAddress.Loopback;
        if (routedServer is not null)
        {
            context.Request.RouteValues[GatewayScopeResolver.ServerRouteValue] = routedServer;
        }
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        ConnectionPeer.Record(context); // what the service defaults' first middleware does

        var scheme = new AuthenticationScheme(ApiKeyAuthenticationHandler.SchemeName, null, typeof(ApiKeyAuthenticationHandler));
        await handler.InitializeAsync(scheme, context);
        return (handler, context);
    }

    private sealed class StaticOptionsMonitor(AuthenticationSchemeOptions value) : IOptionsMonitor<AuthenticationSchemeOptions>
    {
        public AuthenticationSchemeOptions CurrentValue => value;

        public AuthenticationSchemeOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<AuthenticationSchemeOptions, string?> listener) => null;
    }
}
