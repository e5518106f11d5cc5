using System.Text.Encodings.Web;
using System.Text.Json;
using McpPlatform.Gateway.Auth;
using McpPlatform.Gateway.Upstreams;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
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

    private static async Task<(ApiKeyAuthenticationHandler Handler, HttpContext Context)> CreateAsync(string? authorization)
    {
        var options = Options.Create(TestOptions.Create());
        var store = new ApiKeyStore(options, new ServerDirectory(options));
        var handler = new ApiKeyAuthenticationHandler(
            new StaticOptionsMonitor(new AuthenticationSchemeOptions()),
            NullLoggerFactory.Instance,
            UrlEncoder.Default,
            store);
        var context = new DefaultHttpContext { Response = { Body = new MemoryStream() } };
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

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
