namespace McpPlatform.Gateway.Auth;

/// <summary>What a client is told when its key is missing, malformed or unknown (written as an <c>ErrorResponse</c>).</summary>
internal static class ApiError
{
    public static (string Message, string Code) For(ApiKeyFailure failure) => failure switch
    {
        ApiKeyFailure.Malformed => ("The Authorization header must be 'Bearer <key>'.", "malformed_api_key"),
        // One answer for unknown, revoked, disabled and expired keys: it must not tell whether a key ever existed.
        // (The audit log and the gateway's log say which it was, by the key's id: only the admin sees that.)
        ApiKeyFailure.Unknown or ApiKeyFailure.Revoked or ApiKeyFailure.Disabled or ApiKeyFailure.Expired => ("The API key is invalid or revoked.", "invalid_api_key"),
        _ => ("An API key is required: send 'Authorization: Bearer <key>'.", "missing_api_key"),
    };
}
