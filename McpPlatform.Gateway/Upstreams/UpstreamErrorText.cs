namespace McpPlatform.Gateway.Upstreams;

/// <summary>
/// What clients are told about an upstream's failure: the first line of its message, cut short. The MCP SDK appends a
/// stdio server's stderr tail (stack traces, file paths) to the message of a process that exited: that goes to the
/// gateway's log, never to a client or <c>/v1/mcp/servers</c>.
/// </summary>
internal static class UpstreamErrorText
{
    private const int MaxLength = 200;

    public static string Summarize(string message)
    {
        var end = message.AsSpan().IndexOfAny('\r', '\n');
        var line = (end < 0 ? message : message[..end]).TrimEnd();
        return line.Length <= MaxLength ? line : line[..MaxLength] + "…";
    }

    /// <summary>Streamable HTTP answers 404 to a request in a session the server does not know (any more).</summary>
    public static bool IsSessionLost(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            if (ex is HttpRequestException { StatusCode: System.Net.HttpStatusCode.NotFound })
            {
                return true;
            }
        }

        return false;
    }
}
