namespace Microsoft.Extensions.Hosting;

/// <summary>
/// LiteLLM configs name an SSE server by its bare address (<c>url: "http://mcp-postgres:8686"</c>,
/// <c>transport: "sse"</c>), so a GET of the root asking for an event stream is taken as the legacy SSE endpoint
/// <c>/mcp/sse</c>; the stream's <c>endpoint</c> event then names <c>/mcp/message</c> as usual. Anything else at the
/// root stays a 404.
/// </summary>
internal static class RootLegacySse
{
    private static readonly PathString Root = "/";
    private static readonly PathString LegacySse = "/mcp/sse";

    /// <summary>Rewrites the request before routing, so this must come before <c>UseRouting</c> (which it then calls).</summary>
    public static WebApplication UseLegacySseAtRoot(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            var request = context.Request;
            if (HttpMethods.IsGet(request.Method)
                && (!request.Path.HasValue || request.Path == Root)
                && request.GetTypedHeaders().Accept.Any(accept => accept.MediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase)))
            {
                request.Path = LegacySse;
            }

            return next(context);
        });
        app.UseRouting();
        return app;
    }
}
