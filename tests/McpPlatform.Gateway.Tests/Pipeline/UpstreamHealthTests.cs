using System.Net.Http.Json;
using System.Text.Json;
using McpPlatform.Gateway.Upstreams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Tests.Pipeline;

/// <summary>A server that keeps failing trips its breaker, is skipped, and comes back after a probe: on a fake clock.</summary>
public sealed class UpstreamHealthTests
{
    [Fact]
    public async Task ServerThatKeepsFailing_IsSkippedUntilAProbeSucceeds_AndItsToolsComeBackWithListChanged()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var beta = new FakeUpstream("beta");
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha"), beta], time: time);
        var listChanged = 0;
        var options = new McpClientOptions
        {
            ProtocolVersion = "2025-11-25",
            Handlers = new McpClientHandlers
            {
                NotificationHandlers = [new(NotificationMethods.ToolListChangedNotification, (_, _) => { Interlocked.Increment(ref listChanged); return ValueTask.CompletedTask; })],
            },
        };
        await using var client = await gateway.ConnectAsync(options: options);
        Assert.Contains(await client.ListToolsAsync(), tool => tool.Name == "beta-whoami");

        beta.Crash();
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await client.CallToolAsync("beta-whoami")).IsError); // the session broke, then connecting is refused: 3 failures
        }

        var attempts = beta.Connections;
        var skipped = await client.CallToolAsync("beta-whoami");
        Assert.Contains("skipped after repeated failures", Text(skipped));
        Assert.Equal(attempts, beta.Connections); // the breaker is open: the server was not even tried
        Assert.Equal("open", await BreakerAsync(gateway, "beta"));
        Assert.Equal("alpha", Text(await client.CallToolAsync("alpha-whoami"))); // the others are untouched

        beta.Down = false;
        var changedBefore = Volatile.Read(ref listChanged);
        time.Advance(TimeSpan.FromSeconds(1.5)); // the first break (1 s) is over and the health monitor probes (every 1 s)
        await WaitUntilAsync(async () => await BreakerAsync(gateway, "beta") == "closed");

        Assert.Equal("beta", Text(await client.CallToolAsync("beta-whoami")));
        Assert.Contains(await client.ListToolsAsync(), tool => tool.Name == "beta-whoami");
        await WaitUntilAsync(() => Task.FromResult(Volatile.Read(ref listChanged) > changedBefore));
    }

    [Fact]
    public async Task UpstreamsOwnListChanged_IsPassedOnOnceTheNewListIsIn()
    {
        var alpha = new FakeUpstream("alpha");
        await using var gateway = await GatewayHost.StartAsync([alpha]);
        var listChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new McpClientOptions
        {
            ProtocolVersion = "2025-11-25",
            Handlers = new McpClientHandlers
            {
                NotificationHandlers = [new(NotificationMethods.ToolListChangedNotification, (_, _) => { listChanged.TrySetResult(); return ValueTask.CompletedTask; })],
            },
        };
        await using var client = await gateway.ConnectAsync(options: options);
        Assert.DoesNotContain(await client.ListToolsAsync(), tool => tool.Name == "alpha-added");

        // A notification sent before the client's GET stream is open is lost (a loaded machine opens it late): each try
        // changes the list again, so each is a real change to pass on.
        var added = string.Empty;
        for (var attempt = 1; attempt <= 5 && !listChanged.Task.IsCompleted; attempt++)
        {
            added = $"added{attempt}";
            alpha.ExtraTools.Add(added);
            await gateway.Services.GetRequiredService<UpstreamPool>().Get("alpha")!.Lists.Tools.Invalidate(); // as its list_changed does
            await Task.WhenAny(listChanged.Task, Task.Delay(TimeSpan.FromSeconds(3)));
        }

        Assert.True(listChanged.Task.IsCompleted, "no tools/list_changed reached the client");
        Assert.Contains(await client.ListToolsAsync(), tool => tool.Name == $"alpha-{added}");
    }

    private static async Task<string?> BreakerAsync(GatewayHost gateway, string server)
    {
        using var http = gateway.Http();
        var servers = await http.GetFromJsonAsync<JsonElement>("/v1/mcp/servers");
        return servers.GetProperty("servers").EnumerateArray().Single(entry => entry.GetProperty("name").GetString() == server).GetProperty("breaker").GetString();
    }

    private static string Text(CallToolResult result) => Assert.IsType<TextContentBlock>(result.Content[0]).Text;

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(25);
        }

        Assert.Fail("the condition never held");
    }
}
