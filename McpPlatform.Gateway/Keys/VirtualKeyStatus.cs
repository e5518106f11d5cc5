namespace McpPlatform.Gateway.Keys;

/// <summary>Whether a virtual key is accepted now, and if not, why (the first that applies, in this order).</summary>
public enum VirtualKeyStatus
{
    /// <summary>Accepted.</summary>
    Active,

    /// <summary>Revoked: final, the key never works again.</summary>
    Revoked,

    /// <summary>Disabled by an admin; enabling it again makes it work.</summary>
    Disabled,

    /// <summary>Past its <see cref="VirtualKeySpec.ExpiresAt"/>.</summary>
    Expired,
}
