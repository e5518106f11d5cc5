namespace McpPlatform.Gateway.Auth;

/// <summary>A known virtual key a request was refused for (revoked, disabled, expired): its public id and why.</summary>
internal sealed record RefusedKey(string Id, ApiKeyFailure Failure);
