namespace McpPlatform.Gateway.Auth;

/// <summary>Why a request was not authenticated.</summary>
internal enum ApiKeyFailure
{
    Missing,
    Malformed,
    Unknown,
}
