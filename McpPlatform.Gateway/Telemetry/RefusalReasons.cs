namespace McpPlatform.Gateway.Telemetry;

/// <summary>
/// Why the gateway refused a request: a short fixed code, the same in the audit log (<c>reason</c>, with detail after a
/// colon), in metrics (tag <c>mcpplatform.refusal.reason</c>) and in traces. Never text a client wrote.
/// </summary>
public static class RefusalReasons
{
    /// <summary>401: no key, a malformed one, or one the gateway does not know (never a key's id).</summary>
    public const string Unauthenticated = "unauthenticated";

    /// <summary>401 for a virtual key that was revoked (audited with the key's id; the client hears "invalid or revoked").</summary>
    public const string KeyRevoked = "key_revoked";

    /// <summary>401 for a virtual key an admin disabled.</summary>
    public const string KeyDisabled = "key_disabled";

    /// <summary>401 for a virtual key past its expiry.</summary>
    public const string KeyExpired = "key_expired";

    /// <summary>A tool the session does not see: unknown, or hidden from the key (the two answer alike).</summary>
    public const string UnknownTool = "unknown_tool";

    /// <summary>A prompt the session does not see: unknown or hidden from the key.</summary>
    public const string UnknownPrompt = "unknown_prompt";

    /// <summary>A resource the session does not see: unknown or hidden from the key.</summary>
    public const string UnknownResource = "unknown_resource";

    /// <summary>404 on <c>/mcp/{server}</c>: a server that is unknown, disabled or not the key's (the three answer alike).</summary>
    public const string UnknownServer = "unknown_server";

    /// <summary>404 for an <c>Mcp-Session-Id</c> the gateway does not know (expired, ended, or another process's).</summary>
    public const string UnknownSession = "unknown_session";

    /// <summary>A limit of the key or the gateway (sessions, calls in flight, upstream clients, request rate): 429 or JSON-RPC -32029.</summary>
    public const string LimitExceeded = "limit_exceeded";

    /// <summary>A request the gateway could not take as it came: bad JSON-RPC or MCP shape, wrong parameters, an HTTP 400.</summary>
    public const string Malformed = "malformed";

    /// <summary>A method the gateway does not serve.</summary>
    public const string MethodNotFound = "method_not_found";

    /// <summary>Another 4xx answered before the request's MCP message was read (e.g. 403 for a foreign Origin, 406, 413, 415).</summary>
    public static string Http(int statusCode) => statusCode switch
    {
        403 => "forbidden",
        405 => "method_not_allowed",
        406 => "not_acceptable",
        413 => "too_large",
        415 => "unsupported_media_type",
        _ => "http_" + statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
