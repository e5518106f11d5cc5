using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpPlatform.Gateway.Tests;

/// <summary>
/// An exception no client input should cause (a bug) still answers a short JSON error in Development, where
/// ASP.NET Core would show the developer exception page; the exception is logged on the server. The apps' real
/// endpoints have no such route: ClientErrorResponseTests covers what clients can send them.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class SafeErrorsTests
{
    private const string Secret = "connection to /srv/internal/Secret.cs failed with password hunter2";

    [Fact]
    public async Task UnexpectedException_InDevelopment_Answers500ShortJsonWithoutDetailsAndLogsIt()
    {
        var logs = new CollectingLoggerProvider();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.AddSafeErrors();
        await using var app = builder.Build();
        app.UseSafeErrors();
        app.MapGet("/throws", string () => throw new InvalidOperationException(Secret));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/throws");
        request.Headers.Accept.ParseAdd("text/html"); // what makes the developer exception page answer in full

        using var response = await http.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("server_error", json.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.DoesNotContain("hunter2", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.Contains(logs.Entries, entry => entry.Level == LogLevel.Error && entry.Exception?.Message == Secret);
    }

    private sealed class CollectingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, Exception? Exception)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new CollectingLogger(Entries);

        public void Dispose()
        {
        }

        private sealed class CollectingLogger(ConcurrentQueue<(LogLevel, Exception?)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((logLevel, exception));
        }
    }
}
