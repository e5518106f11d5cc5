using System.Net;
using System.Text.RegularExpressions;
using McpPlatform.Gateway.Tests.Pipeline;

namespace McpPlatform.Gateway.Tests.Admin;

/// <summary>
/// A browser's part for the admin page over the test server: keeps cookies (by path, like a browser), follows no
/// redirects, reads the antiforgery token from a page's form, posts forms. Every Set-Cookie header seen is kept.
/// </summary>
internal sealed partial class AdminPageClient : IDisposable
{
    private readonly CookieContainer cookies = new();
    private readonly HttpClient http;

    public AdminPageClient(GatewayHost gateway, string scheme = "http")
    {
        http = new HttpClient(new CookieJar(cookies, SetCookies) { InnerHandler = gateway.CreateHandler() }) { BaseAddress = new Uri($"{scheme}://localhost/") };
    }

    /// <summary>Every Set-Cookie header the gateway sent, in order.</summary>
    public List<string> SetCookies { get; } = [];

    public bool HasSessionCookie => cookies.GetCookies(new Uri(http.BaseAddress!, "/admin")).Any(cookie => cookie.Name == "mcpplatform_admin");

    public Task<HttpResponseMessage> GetAsync(string path) => http.GetAsync(path);

    /// <summary>GETs a page that must answer 200, and returns its HTML.</summary>
    public async Task<string> PageAsync(string path)
    {
        using var response = await http.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}: {html}");
        return html;
    }

    /// <summary>Posts a form to <paramref name="action"/>; with the antiforgery token of the page <paramref name="tokenFrom"/> unless it is null.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string action, IDictionary<string, string> fields, string? tokenFrom)
    {
        var form = new Dictionary<string, string>(fields);
        if (tokenFrom is not null)
        {
            form["__RequestVerificationToken"] = TokenOf(await PageAsync(tokenFrom));
        }

        return await http.PostAsync(action, new FormUrlEncodedContent(form));
    }

    /// <summary>Logs in with <paramref name="masterKey"/> as the login form does.</summary>
    public Task<HttpResponseMessage> LoginAsync(string masterKey) =>
        PostFormAsync("/admin/login", new Dictionary<string, string> { ["MasterKey"] = masterKey }, tokenFrom: "/admin/login");

    public static string TokenOf(string html) =>
        TokenPattern().Match(html) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("No antiforgery token in: " + html);

    public void Dispose() => http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    private sealed class CookieJar(CookieContainer cookies, List<string> seen) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (cookies.GetCookieHeader(request.RequestUri!) is { Length: > 0 } header)
            {
                request.Headers.Add("Cookie", header);
            }

            var response = await base.SendAsync(request, cancellationToken);
            foreach (var setCookie in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                seen.Add(setCookie);
                cookies.SetCookies(request.RequestUri!, setCookie);
            }

            return response;
        }
    }
}
