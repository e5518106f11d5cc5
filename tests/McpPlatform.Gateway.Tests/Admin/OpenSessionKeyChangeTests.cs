using System.Net;
using System.Net.Http.Json;
using McpPlatform.Gateway.Tests.Pipeline;
using McpPlatform.Gateway.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Tests.Admin;

/// <summary>
/// A key changed through the admin API acts on the sessions it already has open, not only on new ones: a revoked,
/// disabled or expired key's open session is refused at its next request; narrowed rules shrink the open session's
/// lists (it is told so) and its calls to tools now hidden are refused; a session on a server the key lost gets 404.
/// </summary>
[Collection(GatewayPostgres.Collection)]
public sealed class OpenSessionKeyChangeTests(GatewayPostgres postgres)
{
    [Theory]
    [InlineData("revoke")]
    [InlineData("disable")]
    public async Task KeyRevokedOrDisabled_ItsOpenSessionsNextRequest_Is401(string change)
    {
        await using var host = await AdminTestHost.StartAsync([new FakeUpstream("alpha")], await postgres.CreateDatabaseAsync());
        var (id, key, _) = await host.CreateKeyAsync(new { name = "laptop", servers = new[] { "*" } });
        using var session = await RawSession.OpenAsync(host.Gateway, key);
        using (var before = await session.RequestAsync("tools/list"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var admin = host.Admin();
        using var changed = change == "revoke"
            ? await admin.DeleteAsync($"/v1/admin/keys/{id}")
            : await admin.PatchAsJsonAsync($"/v1/admin/keys/{id}", new { enabled = false });
        Assert.True(changed.IsSuccessStatusCode, $"{change} answered {changed.StatusCode}");

        using var after = await session.RequestAsync("tools/call", new { name = "alpha-echo", arguments = new { text = "x" } });
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task KeyExpires_ItsOpenSessionsNextRequest_Is401()
    {
        await using var host = await AdminTestHost.StartAsync([new FakeUpstream("alpha")], await postgres.CreateDatabaseAsync());
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(3);
        var (_, key, _) = await host.CreateKeyAsync(new { name = "short", servers = new[] { "*" }, expiresAt });
        using var session = await RawSession.OpenAsync(host.Gateway, key);
        using (var before = await session.RequestAsync("tools/list"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await Task.Delay(expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200));

        using var after = await session.RequestAsync("tools/list");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task ServersNarrowed_OpenSessionIsToldItsListChanged_ListsShrink_HiddenToolsRefused()
    {
        await using var host = await AdminTestHost.StartAsync([new FakeUpstream("alpha"), new FakeUpstream("beta")], await postgres.CreateDatabaseAsync());
        var (id, key, _) = await host.CreateKeyAsync(new { name = "laptop", servers = new[] { "*" } });
        var listChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = await host.Gateway.ConnectAsync(key: key, options: ToldOfListChanges(listChanged));
        using var routed = await RawSession.OpenAsync(host.Gateway, key, "/mcp/beta");
        await ListsAsync(client, ["alpha-echo", "alpha-whoami", "beta-echo", "beta-whoami"]);

        using var admin = host.Admin();
        using var narrowed = await admin.PatchAsJsonAsync($"/v1/admin/keys/{id}", new { servers = new[] { "alpha" } });
        Assert.Equal(HttpStatusCode.OK, narrowed.StatusCode);

        await listChanged.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await ListsAsync(client, ["alpha-echo", "alpha-whoami"]);
        var hidden = await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync("beta-echo").AsTask());
        Assert.Contains("Unknown tool", hidden.Message);
        using (var lost = await routed.RequestAsync("tools/call", new { name = "echo", arguments = new { text = "x" } }))
        {
            Assert.Equal(HttpStatusCode.NotFound, lost.StatusCode); // a session on a server the key lost: as a new request
        }

        Assert.Equal("alpha", Assert.IsType<TextContentBlock>((await client.CallToolAsync("alpha-whoami")).Content[0]).Text);
    }

    [Fact]
    public async Task ToolDenied_OpenSessionStopsSeeingAndCallingIt()
    {
        await using var host = await AdminTestHost.StartAsync([new FakeUpstream("alpha")], await postgres.CreateDatabaseAsync());
        var (id, key, _) = await host.CreateKeyAsync(new { name = "laptop", servers = new[] { "*" } });
        await using var client = await host.Gateway.ConnectAsync(key: key);
        await ListsAsync(client, ["alpha-echo", "alpha-whoami"]);

        using var admin = host.Admin();
        using var denied = await admin.PatchAsJsonAsync($"/v1/admin/keys/{id}", new { denyTools = new[] { "alpha/whoami" } });
        Assert.Equal(HttpStatusCode.OK, denied.StatusCode);

        await ListsAsync(client, ["alpha-echo"]);
        await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync("alpha-whoami").AsTask());
    }

    [Fact]
    public async Task ServersNarrowedWhileItsSessionStarts_SessionServesOnlyTheNarrowedRules()
    {
        // The key changes after the new session's scope was worked out and before the session runs: the change reaches
        // no running session then, so the session itself must catch up, or it would keep the wider rules until the key
        // changes again.
        AdminTestHost? started = null;
        string? keyId = null;
        var narrowed = 0;
        await using var host = await AdminTestHost.StartAsync(
            [new FakeUpstream("alpha"), new FakeUpstream("beta")],
            await postgres.CreateDatabaseAsync(),
            configure: builder => builder.Services.PostConfigure<HttpServerTransportOptions>(options =>
            {
                var configureSession = options.ConfigureSessionOptions!;
                options.ConfigureSessionOptions = async (context, serverOptions, cancellationToken) =>
                {
                    await configureSession(context, serverOptions, cancellationToken);
                    if (keyId is not null && Interlocked.Exchange(ref narrowed, 1) == 0)
                    {
                        using var admin = started!.Admin();
                        using var patched = await admin.PatchAsJsonAsync($"/v1/admin/keys/{keyId}", new { servers = new[] { "alpha" } }, cancellationToken);
                        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
                    }
                };
            }));
        started = host;
        var (id, key, _) = await host.CreateKeyAsync(new { name = "laptop", servers = new[] { "*" } });
        keyId = id;

        await using var client = await host.Gateway.ConnectAsync(key: key, options: new McpClientOptions { ProtocolVersion = "2025-11-25" });

        Assert.Equal(1, narrowed);
        await ListsAsync(client, ["alpha-echo", "alpha-whoami"]);
        await Assert.ThrowsAsync<McpProtocolException>(() => client.CallToolAsync("beta-echo").AsTask());
    }

    private static McpClientOptions ToldOfListChanges(TaskCompletionSource listChanged) => new()
    {
        ProtocolVersion = "2025-11-25",
        Handlers = new McpClientHandlers
        {
            NotificationHandlers = [new(NotificationMethods.ToolListChangedNotification, (_, _) => { listChanged.TrySetResult(); return ValueTask.CompletedTask; })],
        },
    };

    /// <summary>
    /// Lists the session's tools until they are <paramref name="expected"/> (10 s at most): on a loaded machine a listing
    /// may go without a server that missed the list deadline.
    /// </summary>
    private static async Task ListsAsync(McpClient client, string[] expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        List<string> names;
        while (!(names = [.. (await client.ListToolsAsync()).Select(tool => tool.Name).Order()]).SequenceEqual(expected))
        {
            Assert.True(DateTime.UtcNow < deadline, $"listed [{string.Join(", ", names)}], not [{string.Join(", ", expected)}]");
            await Task.Delay(100);
        }
    }
}
