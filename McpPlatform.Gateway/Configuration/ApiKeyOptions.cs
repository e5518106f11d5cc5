namespace McpPlatform.Gateway.Configuration;

/// <summary>An API key and what it may reach.</summary>
public sealed class ApiKeyOptions : AccessOptions
{
    /// <summary>The key itself (at least 16 characters). Only its SHA-256 is kept once the gateway starts.</summary>
    public string? Key { get; set; }

    /// <summary>Alternatively, the key's SHA-256 as 64 hex digits, so the key never sits in configuration.</summary>
    public string? KeySha256 { get; set; }
}
