using McpPlatform.Gateway.Configuration;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Routing;

/// <summary>
/// Where clients reach this gateway, for what it writes for them (client setups, OpenAPI documents):
/// <c>Gateway:PublicUrl</c> when set (behind a reverse proxy, or a name other than the one the request used), else the
/// request's own scheme, host and path base. The host is one <c>AllowedHosts</c> accepted (a foreign one got 400), and
/// behind a trusted proxy the forwarded scheme and host (<c>ForwardedHeaders</c>): never more than the caller already sent.
/// </summary>
public sealed class PublicUrl(IOptions<GatewayOptions> options)
{
    /// <summary>The gateway's base URL, without a trailing slash (<c>http://linuxserver.lan:4000</c>).</summary>
    public string BaseOf(HttpRequest request) =>
        (options.Value.PublicUrl is { } configured ? configured.GetLeftPart(UriPartial.Path) : UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase))
        .TrimEnd('/');

    /// <summary>An absolute URL of a path of the gateway (<paramref name="path"/> begins with <c>/</c>).</summary>
    public string Of(HttpRequest request, string path) => BaseOf(request) + path;
}
