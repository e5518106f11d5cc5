using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Tests;

/// <summary>
/// The gateway as Program.cs composes it, in memory (TestServer), with the client's socket address set per request:
/// <c>X-Forwarded-For: 127.0.0.1</c> from the LAN must not look local, whatever forwarded-headers settings are on.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class ForwardedHeadersTests
{
    private static readonly IPAddress LanClient = IPAddress.Parse("192.168.1.50");
    private static readonly IPAddress Proxy = IPAddress.Parse("192.168.1.2");

    /// <summary>What ASPNETCORE_FORWARDEDHEADERS_ENABLED=true sets (the published trees used to): trust every sender.</summary>
    private static readonly Dictionary<string, string?> AspNetCoreSwitch = new() { ["ForwardedHeaders_Enabled"] = "true" };

    private static readonly Dictionary<string, string?> TrustedProxy = new() { ["ForwardedHeaders:KnownProxies:0"] = Proxy.ToString() };

    public static TheoryData<string> Settings() => ["none", "ASP.NET Core switch", "known proxy"];

    [Theory]
    [MemberData(nameof(Settings))]
    public async Task AnonymousAccess_LanClientClaimingLoopbackInXForwardedFor_IsRefused(string settings)
    {
        await using var gateway = await StartGatewayAsync(settings);

        var status = await InitializeAsync(gateway, LanClient, ("X-Forwarded-For", "127.0.0.1"));

        Assert.Equal(StatusCodes.Status401Unauthorized, status);
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public async Task AnonymousAccess_LanClientClaimingLoopbackInForwarded_IsRefused(string settings)
    {
        await using var gateway = await StartGatewayAsync(settings);

        var status = await InitializeAsync(gateway, LanClient, ("Forwarded", "for=127.0.0.1"), ("X-Real-IP", "127.0.0.1"));

        Assert.Equal(StatusCodes.Status401Unauthorized, status);
    }

    [Fact]
    public async Task AnonymousAccess_TrustedProxyVouchingForLoopback_IsRefused()
    {
        await using var gateway = await StartGatewayAsync("known proxy");

        var status = await InitializeAsync(gateway, Proxy, ("X-Forwarded-For", "127.0.0.1"));

        Assert.Equal(StatusCodes.Status401Unauthorized, status);
    }

    [Fact]
    public async Task AnonymousAccess_ProxyOnThisHostRelayingALanClient_IsRefused()
    {
        // A reverse proxy on the same machine connects from loopback for every client it relays.
        await using var gateway = await StartGatewayAsync("none");

        var status = await InitializeAsync(gateway, IPAddress.Loopback, ("X-Forwarded-For", LanClient.ToString()));

        Assert.Equal(StatusCodes.Status401Unauthorized, status);
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public async Task AnonymousAccess_DirectLoopbackClient_IsServed(string settings)
    {
        await using var gateway = await StartGatewayAsync(settings);

        var status = await InitializeAsync(gateway, IPAddress.Parse("::ffff:127.0.0.1"));

        Assert.Equal(StatusCodes.Status200OK, status);
    }

    [Theory]
    [InlineData("none", "192.168.1.50", "203.0.113.9", "192.168.1.50")]
    [InlineData("ASP.NET Core switch", "192.168.1.50", "203.0.113.9", "192.168.1.50")]
    [InlineData("known proxy", "192.168.1.50", "203.0.113.9", "192.168.1.50")]
    [InlineData("known proxy", "192.168.1.2", "203.0.113.9", "203.0.113.9")]
    [InlineData("known proxy", "::ffff:192.168.1.2", "203.0.113.9", "203.0.113.9")]
    public async Task ClientAddress_IsForwardedOnlyFromAKnownProxy(string settings, string socket, string forwardedFor, string expected)
    {
        await using var gateway = await StartGatewayAsync(settings);

        var context = await gateway.GetTestServer().SendAsync(request =>
        {
            request.Request.Path = "/test/client-address";
            request.Connection.RemoteIpAddress = IPAddress.Parse(socket);
            request.Request.Headers["X-Forwarded-For"] = forwardedFor;
        });

        Assert.Equal(expected, await new StreamReader(context.Response.Body).ReadToEndAsync());
    }

    [Theory]
    [InlineData("KnownNetworks:0", "0.0.0.0/0", "ForwardedHeaders:KnownNetworks:0 '0.0.0.0/0' trusts every client")]
    [InlineData("KnownNetworks:0", "::/0", "ForwardedHeaders:KnownNetworks:0 '::/0' trusts every client")]
    [InlineData("KnownNetworks:0", "lan", "ForwardedHeaders:KnownNetworks:0 'lan' is not a network")]
    [InlineData("KnownProxies:0", "proxy.lan", "ForwardedHeaders:KnownProxies:0 'proxy.lan' is not an IP address")]
    public async Task Start_WithUnusableProxySetting_FailsNamingIt(string key, string value, string expected)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => StartGatewayAsync("none", new() { ["ForwardedHeaders:" + key] = value }));

        Assert.Contains(expected, failure.Message);
    }

    private static async Task<int> InitializeAsync(WebApplication gateway, IPAddress socket, params (string Name, string Value)[] headers)
    {
        var context = await gateway.GetTestServer().SendAsync(request =>
        {
            request.Request.Method = HttpMethods.Post;
            request.Request.Path = "/mcp/everything";
            request.Request.Headers.Accept = "application/json, text/event-stream";
            request.Request.ContentType = "application/json";
            request.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(
                """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"""));
            request.Connection.RemoteIpAddress = socket;
            foreach (var (name, value) in headers)
            {
                request.Request.Headers[name] = value;
            }
        });
        return context.Response.StatusCode;
    }

    /// <summary>The gateway as Program.cs builds it, with anonymous loopback access to one (unreachable) server.</summary>
    private static async Task<WebApplication> StartGatewayAsync(string settings, Dictionary<string, string?>? extra = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, ContentRootPath = Path.GetTempPath() });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Servers:everything:Url"] = "http://127.0.0.1:9/mcp",
            ["Gateway:Anonymous:Servers:0"] = "everything",
            ["Gateway:Keys:local-user:Key"] = TestOptions.LocalKey,
            ["Gateway:Keys:local-user:Servers:0"] = "*",
        });
        builder.Configuration.AddInMemoryCollection(settings switch
        {
            "ASP.NET Core switch" => AspNetCoreSwitch,
            "known proxy" => TrustedProxy,
            _ => [],
        });
        builder.Configuration.AddInMemoryCollection(extra ?? []);
        builder.Logging.ClearProviders();

        builder.AddServiceDefaults();
        builder.AddMcpGateway();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapMcpGateway();
        app.MapGet("/test/client-address", (HttpContext context) => context.Connection.RemoteIpAddress!.MapToIPv4().ToString()).AllowAnonymous();
        try
        {
            await app.StartAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }
}
