using McpPlatform.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// DNS-rebinding protection, the Origin half: ASP.NET Core's host filtering (<c>AllowedHosts</c>) already
/// refuses unknown <c>Host</c> headers; this refuses a browser <c>Origin</c> whose host is not allowed either.
/// Requests without Origin (non-browser clients) pass.
/// </summary>
public static class OriginValidation
{
    public static WebApplication UseOriginValidation(this WebApplication app)
    {
        var allowed = app.Services.GetRequiredService<IConfiguration>()["AllowedHosts"] ?? "*";
        var hosts = allowed.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (hosts.Contains("*"))
        {
            return app;
        }

        app.Use(async (context, next) =>
        {
            var origin = context.Request.Headers.Origin.ToString();
            if (origin.Length > 0 && !IsAllowed(origin, hosts))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteErrorAsync("This Origin may not call this server.", "forbidden", "origin_not_allowed");
                return;
            }

            await next(context);
        });
        return app;
    }

    private static bool IsAllowed(string origin, string[] hosts) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && hosts.Any(host => MatchesHost(uri, host));

    private static bool MatchesHost(Uri origin, string allowed)
    {
        var host = origin.Host;
        if (allowed.StartsWith("*.", StringComparison.Ordinal))
        {
            return host.EndsWith(allowed[1..], StringComparison.OrdinalIgnoreCase);
        }

        // Uri.Host keeps the brackets of an IPv6 literal, as AllowedHosts writes it ([::1]).
        return string.Equals(host, allowed, StringComparison.OrdinalIgnoreCase);
    }
}
