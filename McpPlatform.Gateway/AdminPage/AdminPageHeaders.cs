using Microsoft.AspNetCore.Mvc.Filters;

namespace McpPlatform.Gateway.AdminPage;

/// <summary>
/// Response headers of every admin page: never cached (a new key is shown once), never framed, no script at all
/// (the pages need none: an injected one could not run even if encoding failed), forms only to this origin, no referrer to other sites.
/// </summary>
internal sealed class AdminPageHeaders : IAsyncPageFilter
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var headers = context.HttpContext.Response.Headers;
        headers.CacheControl = "no-store";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        // Not no-referrer: under it Chromium sends "Origin: null" with a form post, which the Origin check refuses (403).
        headers["Referrer-Policy"] = "same-origin";
        return next();
    }
}
