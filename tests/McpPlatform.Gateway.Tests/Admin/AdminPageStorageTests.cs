using System.Net;
using System.Text.RegularExpressions;
using McpPlatform.Gateway.Audit;
using McpPlatform.Gateway.Tests.Audit;
using McpPlatform.Gateway.Tests.Pipeline;
using McpPlatform.Gateway.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace McpPlatform.Gateway.Tests.Admin;

/// <summary>The admin page over a real gateway database: keys made and revoked from the page, and hostile text kept inert.</summary>
[Collection(GatewayPostgres.Collection)]
public sealed partial class AdminPageStorageTests(GatewayPostgres postgres)
{
    private const string Script = "<script>alert(1)</script>";
    private const string Markup = "\"><img src=x onerror=alert(2)>";

    [Fact]
    public async Task KeyNamesAndAuditFields_WithMarkup_AreShownEncodedNeverAsMarkup()
    {
        await using var host = await AdminTestHost.StartAsync([new FakeUpstream("alpha")], await postgres.CreateDatabaseAsync());
        var (id, _, _) = await host.CreateKeyAsync(new { name = Script, owner = Markup, servers = new[] { "*" }, tools = new[] { "alpha/<b>nothing" } });
        var entry = AuditTestHost.Entry(1, key: id, server: "alpha", tool: Script, outcome: AuditOutcome.Refused) with { Reason = Markup, Arguments = "{\"sql\":\"" + Script + "\"}" };
        await host.Gateway.Services.GetRequiredService<AuditRepository>().WriteAsync([entry], CancellationToken.None);
        using var page = new AdminPageClient(host.Gateway);
        await page.LoginAsync(AdminTestHost.MasterKey);

        var keys = await page.PageAsync("/admin/keys");
        var key = await page.PageAsync($"/admin/keys/{id}");
        var audit = await page.PageAsync($"/admin/audit?key={id}&tool={Uri.EscapeDataString(Script)}");
        var warnings = await page.PageAsync("/admin/warnings");

        foreach (var html in new[] { keys, key, audit, warnings })
        {
            Assert.DoesNotContain("<script>", html);
            Assert.DoesNotContain("<img", html);
            Assert.DoesNotContain("<b>", html);
        }

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", keys);
        Assert.Contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;", keys);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", key);
        Assert.Matches("class=\"audit-target\"><code>&lt;script&gt;alert\\(1\\)&lt;/script&gt;</code>", audit);
        Assert.Contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;", audit);
        // The filter form echoes the filter back, encoded in its attribute.
        Assert.Contains("name=\"tool\" value=\"&lt;script&gt;alert(1)&lt;/script&gt;\"", audit);
        Assert.Contains(id, warnings); // its only tool pattern matches nothing: it gets no tool
    }

    [Fact]
    public async Task KeysPage_CreateShowsTheKeyOnce_KeyWorks_RevokeRefusesIt()
    {
        await using var host = await AdminTestHost.StartAsync([new FakeUpstream("alpha"), new FakeUpstream("beta")], await postgres.CreateDatabaseAsync());
        using var page = new AdminPageClient(host.Gateway);
        await page.LoginAsync(AdminTestHost.MasterKey);

        using var create = await page.PostFormAsync(
            "/admin/keys?handler=Create",
            new Dictionary<string, string> { ["Form.Name"] = "from-the-page", ["Form.Owner"] = "ann", ["Form.Servers"] = "beta", ["Form.DenyTools"] = "beta/echo" },
            tokenFrom: "/admin/keys");
        var created = await create.Content.ReadAsStringAsync();
        var key = CreatedKey().Match(created).Groups[1].Value;
        var id = CreatedId().Match(created).Groups[1].Value;
        await host.WaitForStatusAsync(key, HttpStatusCode.OK);
        await using (var client = await host.Gateway.ConnectAsync(key: key))
        {
            Assert.Equal(["beta-whoami"], (await client.ListToolsAsync()).Select(tool => tool.Name));
        }

        var listed = await page.PageAsync("/admin/keys");
        var access = await page.PageAsync($"/admin/keys/{id}");
        using var revoke = await page.PostFormAsync("/admin/keys?handler=Revoke", new Dictionary<string, string> { ["id"] = id }, tokenFrom: "/admin/keys");
        var afterRevoke = await page.PageAsync(revoke.Headers.Location!.OriginalString);
        await host.WaitForStatusAsync(key, HttpStatusCode.Unauthorized);

        Assert.Equal(HttpStatusCode.OK, create.StatusCode);
        Assert.StartsWith("mcp_", key);
        Assert.StartsWith("vk_", id);
        Assert.Contains(id, listed);
        Assert.DoesNotContain(key, listed); // shown once: never again
        Assert.Contains("<span id=\"tool-count\">1</span>", access);
        Assert.Matches("<code>echo</code> <span class=\"warn\">deny pattern beta/echo</span>", access);
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        Assert.Contains($"Key {id} (from-the-page) revoked", afterRevoke);
        Assert.Matches($"data-key=\"{id}\">(?:(?!</tr>).)*class=\"status-revoked key-status\">revoked<", AdminPageTests.Flat(afterRevoke));
    }

    [Fact]
    public async Task KeysPage_InvalidForm_ShowsTheAdminApisErrorsAndCreatesNothing()
    {
        await using var host = await AdminTestHost.StartAsync([new FakeUpstream("alpha")], await postgres.CreateDatabaseAsync());
        using var page = new AdminPageClient(host.Gateway);
        await page.LoginAsync(AdminTestHost.MasterKey);

        using var create = await page.PostFormAsync(
            "/admin/keys?handler=Create",
            new Dictionary<string, string> { ["Form.Name"] = "bad", ["Form.RequestsPerMinute"] = "many", ["Form.ExpiresAt"] = "tomorrow" },
            tokenFrom: "/admin/keys");
        var html = await create.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        Assert.Contains("requestsPerMinute must be a whole number", html);
        Assert.Contains("expiresAt must be an ISO 8601 date", html);
        Assert.DoesNotContain("id=\"created\"", html);
        Assert.DoesNotContain("data-key=\"vk_", html);
    }

    [GeneratedRegex("<code id=\"created-key\">([^<]+)</code>")]
    private static partial Regex CreatedKey();

    [GeneratedRegex("<code id=\"created-id\">([^<]+)</code>")]
    private static partial Regex CreatedId();
}
