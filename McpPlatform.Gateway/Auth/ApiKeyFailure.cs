namespace McpPlatform.Gateway.Auth;

/// <summary>Why a request was not authenticated.</summary>
internal enum ApiKeyFailure
{
    Missing,
    Malformed,
    Unknown,

    /// <summary>A virtual key that was revoked (the gateway knows its id: audited and logged with it).</summary>
    Revoked,

    /// <summary>A virtual key an admin disabled.</summary>
    Disabled,

    /// <summary>A virtual key past its expiry.</summary>
    Expired,
}
