using System.Net;
using McpPlatform.Gateway.AdminPage;
using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Tests.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace McpPlatform.Gateway.Tests.Admin;

/// <summary>
/// The admin page (<c>/admin</c>) in process, without a gateway database: what stops a stranger (no master key, wrong
/// key, guessing, forged forms, stolen cookies over plain HTTP) and what an admin sees.
/// </summary>
public sealed class AdminPageTests
{
    private static readonly Dictionary<string, string> NoFields = [];

    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/login")]
    [InlineData("/admin/keys")]
    [InlineData("/admin/audit")]
    public async Task AdminPage_WithoutMasterKey_Is404(string path)
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha")]);
        using var page = new AdminPageClient(gateway);

        using var get = await page.GetAsync(path);
        using var post = await page.PostFormAsync(path, new Dictionary<string, string> { ["MasterKey"] = AdminTestHost.MasterKey }, tokenFrom: null);

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }

    [Fact]
    public async Task Pages_WithoutSession_RedirectToLogin()
    {
        await using var host = await AdminTestHost.StartAsync([new FakeUpstream("alpha")], connectionString: null);
        using var page = new AdminPageClient(host.Gateway);

        using var keys = await page.GetAsync("/admin/keys");
        using var withApiKey = await host.Gateway.Http(GatewayHost.Key).GetAsync("/admin/keys");
        using var withMasterKeyHeader = await host.Admin().GetAsync("/admin/keys");

        Assert.Equal(HttpStatusCode.Redirect, keys.StatusCode);
        Assert.Equal("/admin/login?ReturnUrl=%2Fadmin%2Fkeys", keys.Headers.Location?.PathAndQuery);
        // Neither a user's API key nor the admin API's bearer master key opens the page: only its own session cookie.
        Assert.Equal(HttpStatusCode.Redirect, withApiKey.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, withMasterKeyHeader.StatusCode);
    }

    [Fact]
    public async Task Login_WrongMasterKey_401WithoutSession_AfterTheLimitEvenTheRightKeyIs429()
    {
        await using var host = await AdminTestHost.StartAsync([new FakeUpstream("alpha")], connectionString: null, new Dictionary<string, string?> { ["Gateway:Admin:LoginFailuresPerMinute"] = "2" });
        using var page = new AdminPageClient(host.Gateway);

        using var first = await page.LoginAsync("wrong-master-key-0123456789abcdef0123");
        var firstHtml = await first.Content.ReadAsStringAsync();
        using var second = await page.LoginAsync(AdminTestHost.MasterKey + "x");
        using var third = await page.LoginAsync(AdminTestHost.MasterKey);

        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Contains("The master key is not valid.", firstHtml);
        Assert.DoesNotContain("wrong-master-key", firstHtml);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Equal((HttpStatusCode)429, third.StatusCode);
        Assert.NotNull(third.Headers.RetryAfter);
        Assert.Contains("Too many failed logins", await third.Content.ReadAsStringAsync());
        Assert.False(page.HasSessionCookie);
    }

    [Fact]
    public async Task Login_RightMasterKey_SessionCookieIsHttpOnlyStrictScopedToAdmin_NotSecureOverHttp()
    {
        await using var host = await AdminTestHost.StartAsync([new FakeUpstream("alpha")], connectionString: null);
        using var page = new AdminPageClient(host.Gateway);

        using var login = await page.LoginAsync(AdminTestHost.MasterKey);
        var servers = await page.PageAsync("/admin");

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/admin", login.Headers.Location?.OriginalString);
        var session = Assert.Single(page.SetCookies, cookie => cookie.StartsWith("mcpplatform_admin=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("; path=/admin", session);
        Assert.Contains("; httponly", session);
        Assert.Contains("; samesite=strict", session);
        Assert.DoesNotContain("; secure", session);
        Assert.DoesNotContain("expires=", session); // a browser session cookie; the ticket inside expires on its own
        Assert.All(page.SetCookies, cookie => Assert.Contains("samesite=strict", cookie.ToLowerInvariant()));
        Assert.Contains("data-server=\"alpha\"", servers);
    }

    [Fact]
    public async Task Login_OverHttps_SessionAndAntiforgeryCookiesAreSecure()
    {
        await using var host = await AdminTestHost.StartAsync([new FakeUpstream("alpha")], connectionString: null);
        using var page = new AdminPageClient(host.Gateway, scheme: "https");

        using var login = await page.LoginAsync(AdminTestHost.MasterKey);

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Contains(page.SetCookies, cookie => cookie.StartsWith("mcpplatform_admin=", StringComparison.Ordinal));
        Assert.All(page.SetCookies, cookie => Assert.Contains("; secure", cookie.ToLowerInvariant()));
    }

    [Fact]
    public async Task Session_AfterItsLifetime_IsRefused()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await GatewayHost.StartAsync(
            [new FakeUpstream("alpha", time)],
            new Dictionary<string, string?> { ["Gateway:Admin:MasterKey"] = AdminTestHost.MasterKey, ["Gateway:Admin:SessionLifetime"] = "00:10:00" },
            time);
        using var page = new AdminPageClient(gateway);
        using var login = await page.LoginAsync(AdminTestHost.MasterKey);

        using var before = await page.GetAsync("/admin/warnings");
        time.Advance(TimeSpan.FromMinutes(11));
        using var after = await page.GetAsync("/admin/warnings");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/admin/login", after.Headers.Location?.PathAndQuery);
    }

    [Fact]
    public async Task FormPosts_WithoutAntiforgeryToken_Are400()
    {
        await using var host = await AdminTestHost.StartAsync([new FakeUpstream("alpha")], connectionString: null);
        using var page = new AdminPageClient(host.Gateway);
        using var forgedLogin = await page.PostFormAsync("/admin/login", new Dictionary<string, string> { ["MasterKey"] = AdminTestHost.MasterKey }, tokenFrom: null);
        var sessionAfterForgedLogin = page.HasSessionCookie;
        using var login = await page.LoginAsync(AdminTestHost.MasterKey);

        using var create = await page.PostFormAsync("/admin/keys?handler=Create", new Dictionary<string, string> { ["Form.Name"] = "forged", ["Form.Servers"] = "*" }, tokenFrom: null);
        using var revoke = await page.PostFormAsync("/admin/keys?handler=Revoke", new Dictionary<string, string> { ["id"] = "vk_aaaaaaaaaaaa" }, tokenFrom: null);
        using var logout = await page.PostFormAsync("/admin/logout", NoFields, tokenFrom: null);
        using var wrongToken = await page.PostFormAsync("/admin/logout", new Dictionary<string, string> { ["__RequestVerificationToken"] = "CfDJ8-not-a-token" }, tokenFrom: null);

        Assert.Equal(HttpStatusCode.BadRequest, forgedLogin.StatusCode);
        Assert.False(sessionAfterForgedLogin);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, logout.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrongToken.StatusCode);
        Assert.True(page.HasSessionCookie); // the forged logout ended nothing
    }

    [Fact]
    public async Task ServersPage_ShowsEachServersHealthAndToolCount()
    {
        var beta = new FakeUpstream("beta");
        beta.ExtraTools.Add("third");
        await using var host = await AdminTestHost.StartAsync([new FakeUpstream("alpha"), beta], connectionString: null);
        using var page = new AdminPageClient(host.Gateway);
        await page.LoginAsync(AdminTestHost.MasterKey);

        var html = await page.PageAsync("/admin");

        Assert.Matches("data-server=\"alpha\">(?:(?!</tr>).)*class=\"status-up\">up<(?:(?!</tr>).)*class=\"tool-count\">2<", Flat(html));
        Assert.Matches("data-server=\"beta\">(?:(?!</tr>).)*class=\"status-up\">up<(?:(?!</tr>).)*class=\"tool-count\">3<", Flat(html));
    }

    [Fact]
    public async Task WarningsPage_ListsStartupWarningsAndKeysThatGetNoTool_Encoded()
    {
        await using var host = await AdminTestHost.StartAsync([new FakeUpstream("alpha")], connectionString: null, new Dictionary<string, string?>
        {
            ["Gateway:Keys:nothing:Key"] = "nothing-key-0123456789abcdef",
            ["Gateway:Keys:nothing:Servers:0"] = "alpha",
            ["Gateway:Keys:nothing:Tools:0"] = "alpha/no_such_tool",
        });
        host.Gateway.Services.GetRequiredService<StartupWarnings>().Add("Imported key 'lan-<b>user</b>' is shorter than 32 characters.");
        using var page = new AdminPageClient(host.Gateway);
        await page.LoginAsync(AdminTestHost.MasterKey);

        var html = await page.PageAsync("/admin/warnings");

        Assert.Contains("Imported key &#x27;lan-&lt;b&gt;user&lt;/b&gt;&#x27; is shorter than 32 characters.", html);
        Assert.Matches("config:nothing(?:(?!</tr>).)*The key gets no tool", Flat(html));
        Assert.DoesNotContain("config:wide", html); // the wide key gets every tool: nothing to warn about
    }

    [Fact]
    public async Task Pages_SendHeadersThatForbidScriptsFramingAndCaching()
    {
        await using var host = await AdminTestHost.StartAsync([new FakeUpstream("alpha")], connectionString: null);
        using var page = new AdminPageClient(host.Gateway);
        await page.LoginAsync(AdminTestHost.MasterKey);

        using var response = await page.GetAsync("/admin/warnings");

        Assert.Equal(AdminPageHeaders.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotContain("script-src", AdminPageHeaders.ContentSecurityPolicy);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        // A form post from the page must carry its real Origin (no-referrer would make it "null", refused by the Origin check).
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    /// <summary>The HTML on one line, so a pattern can look along one table row.</summary>
    internal static string Flat(string html) => html.ReplaceLineEndings(" ");
}
