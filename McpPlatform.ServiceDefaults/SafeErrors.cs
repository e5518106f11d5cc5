using McpPlatform.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Every error a client can cause gets a short JSON body (<c>{"error": {"message", "type", "code"}}</c>, the gateway's
/// error shape) in every environment: never a stack trace, an exception's type or message, or a server path. In
/// Development ASP.NET Core shows the developer exception page, which a 40 MB body (Kestrel's 413) used to reach.
/// The exception itself is still logged by the framework's exception handler.
/// </summary>
public static class SafeErrors
{
    /// <summary>Registers the problem-details service with the short JSON writer and the exception-to-status mapping.</summary>
    public static TBuilder AddSafeErrors<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        // Before AddProblemDetails: the problem-details service asks its writers in registration order, and the
        // framework's default writer (RFC 7807 with the exception's details in some hosts) must never be asked.
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IProblemDetailsWriter, ErrorBodyWriter>());
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler(options =>
            // Kestrel's own request errors (body too large, bad chunked framing, unexpected end of body) carry the
            // status the client should see; anything else is the server's fault.
            options.StatusCodeSelector = exception => exception is BadHttpRequestException badRequest
                ? badRequest.StatusCode
                : StatusCodes.Status500InternalServerError);
        return builder;
    }

    /// <summary>
    /// Catches exceptions and fills empty error responses (404, 405, 415 ...) with the short JSON body. Call it first
    /// on the app, so that it wraps every other middleware; the developer exception page, which ASP.NET Core puts
    /// outside the app's own middleware in Development, then never sees an exception.
    /// </summary>
    public static WebApplication UseSafeErrors(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
