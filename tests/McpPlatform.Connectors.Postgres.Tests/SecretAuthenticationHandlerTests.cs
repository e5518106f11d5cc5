using System.Text.Encodings.Web;
using System.Text.Json;
using McpPlatform.Connectors.Postgres.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace McpPlatform.Connectors.Postgres.Tests;

public sealed class SecretAuthenticationHandlerTests
{
    private const string Secret = "connector-unit-secret-0123456789";

    [Fact]
    public async Task Authenticate_BearerSecret_Succeeds()
    {
        var (handler, _) = await CreateAsync(Secret, context => context.Request.Headers.Authorization = "Bearer " + Secret);

        Assert.True((await handler.AuthenticateAsync()).Succeeded);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer ")]
    [InlineData("Bearer wrong-secret-0123456789abc")]
    [InlineData("Bearer " + Secret + "x")]
    [InlineData("Bearer connector-unit-secret-012345678")]
    [InlineData("Bearer  " + Secret)]
    [InlineData(Secret)]
    [InlineData("Basic " + Secret)]
    [InlineData("Token " + Secret)]
    public async Task Authenticate_WithoutTheSecretAsBearer_FailsWith401JsonAndNoSecret(string? authorization)
    {
        var (handler, context) = await CreateAsync(Secret, context =>
        {
            if (authorization is not null)
            {
                context.Request.Headers.Authorization = authorization;
            }

            context.Request.Headers["X-Api-Key"] = Secret;
        });

        var result = await handler.AuthenticateAsync();
        await handler.ChallengeAsync(new AuthenticationProperties());

        Assert.False(result.Succeeded);
        Assert.Equal(StatusCodes.Status401Unauthorized, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        var body = await new StreamReader(context.Response.Body).ReadToEndAsync();
        using var error = JsonDocument.Parse(body);
        Assert.Equal("connector_secret_required", error.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.DoesNotContain(Secret, body);
    }

    [Fact]
    public async Task Authenticate_TwoAuthorizationHeaders_Fails()
    {
        var (handler, _) = await CreateAsync(Secret, context => context.Request.Headers.Authorization = new(["Bearer " + Secret, "Bearer other"]));

        Assert.False((await handler.AuthenticateAsync()).Succeeded);
    }

    [Fact]
    public async Task Authenticate_NoSecretConfigured_IsOpen()
    {
        // Only reachable in Development: ConnectorAccessOptionsValidator refuses to start without a secret elsewhere.
        var (handler, _) = await CreateAsync(null, _ => { });

        Assert.True((await handler.AuthenticateAsync()).Succeeded);
    }

    private static async Task<(SecretAuthenticationHandler Handler, HttpContext Context)> CreateAsync(string? secret, Action<HttpContext> arrange)
    {
        var handler = new SecretAuthenticationHandler(
            new StaticOptionsMonitor(new AuthenticationSchemeOptions()),
            NullLoggerFactory.Instance,
            UrlEncoder.Default,
            new ConnectorSecret(Options.Create(new ConnectorAccessOptions { Secret = secret })));
        var context = new DefaultHttpContext { Response = { Body = new MemoryStream() } };
        context.Request.Path = "/mcp";
        arrange(context);
        await handler.InitializeAsync(new AuthenticationScheme(SecretAuthenticationHandler.SchemeName, null, typeof(SecretAuthenticationHandler)), context);
        return (handler, context);
    }

    private sealed class StaticOptionsMonitor(AuthenticationSchemeOptions value) : IOptionsMonitor<AuthenticationSchemeOptions>
    {
        public AuthenticationSchemeOptions CurrentValue => value;

        public AuthenticationSchemeOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<AuthenticationSchemeOptions, string?> listener) => null;
    }
}
