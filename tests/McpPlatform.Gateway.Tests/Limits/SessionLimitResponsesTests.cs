using System.Text.Json;
using McpPlatform.Gateway.Limits;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace McpPlatform.Gateway.Tests.Limits;

public sealed class SessionLimitResponsesTests
{
    [Fact]
    public async Task Invoke_SessionRefusedWhileBeingSetUp_Answers429WithRetryAfterAndTheJsonError()
    {
        var context = NewContext();

        await Pipeline(context =>
        {
            // What the SDK had set for the session it could not start.
            context.Response.Headers["Mcp-Session-Id"] = "abc";
            context.Response.ContentType = "text/event-stream";
            throw new LimitExceededException(LimitedResource.Session, "Gateway:Keys:flood:Limits:MaxSessions", 3, "flood", TimeSpan.FromSeconds(30));
        })(context);

        Assert.Equal(StatusCodes.Status429TooManyRequests, context.Response.StatusCode);
        Assert.Equal("30", context.Response.Headers.RetryAfter.ToString());
        Assert.False(context.Response.Headers.ContainsKey("Mcp-Session-Id"));
        context.Response.Body.Position = 0;
        using var body = await JsonDocument.ParseAsync(context.Response.Body);
        var error = body.RootElement.GetProperty("error");
        Assert.Equal("rate_limit_error", error.GetProperty("type").GetString());
        Assert.Equal("key_session_limit", error.GetProperty("code").GetString());
        Assert.Contains("Gateway:Keys:flood:Limits:MaxSessions", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Invoke_TheGatewaysTotalReached_NamesItAsTheGatewaysLimit()
    {
        var context = NewContext();

        await Pipeline(_ => throw new LimitExceededException(LimitedResource.Session, "Gateway:Limits:MaxSessions", 4096, keyName: null, TimeSpan.FromSeconds(30)))(context);

        context.Response.Body.Position = 0;
        using var body = await JsonDocument.ParseAsync(context.Response.Body);
        Assert.Equal("gateway_session_limit", body.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Invoke_OtherExceptions_AreNotTurnedInto429()
    {
        var context = NewContext();

        await Assert.ThrowsAsync<InvalidOperationException>(() => Pipeline(_ => throw new InvalidOperationException("boom"))(context));
    }

    private static DefaultHttpContext NewContext() => new() { Response = { Body = new MemoryStream() } };

    private static RequestDelegate Pipeline(RequestDelegate endpoint)
    {
        var app = new ApplicationBuilder(new ServiceCollection().BuildServiceProvider());
        app.UseSessionLimitResponses();
        app.Run(endpoint);
        return app.Build();
    }
}
