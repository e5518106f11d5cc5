using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Limits;

namespace McpPlatform.Gateway.Keys;

/// <summary>A stored virtual key: its id, public prefix and spec. The key itself is not here (only its SHA-256 is stored).</summary>
/// <param name="Id">Stable id (<c>vk_…</c>), unchanged by rotation: what the admin API, logs and the audit log use.</param>
/// <param name="Prefix">The first characters of the current key (<c>mcp_…</c>), safe to show: tells which key a holder has.</param>
/// <param name="Spec">Name, owner, rules, expiry, limits, enabled.</param>
public sealed record VirtualKey(string Id, string Prefix, VirtualKeySpec Spec)
{
    /// <summary>When the key was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the key's spec or secret last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When the key was revoked; null while it is not.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>SHA-256 of the current key as 64 lowercase hex digits (what lookups compare).</summary>
    internal string KeySha256 { get; init; } = string.Empty;

    /// <summary>Whether the key is accepted at <paramref name="now"/>, and if not why.</summary>
    public VirtualKeyStatus StatusAt(DateTimeOffset now) =>
        RevokedAt is not null ? VirtualKeyStatus.Revoked
        : !Spec.Enabled ? VirtualKeyStatus.Disabled
        : Spec.ExpiresAt <= now ? VirtualKeyStatus.Expired
        : VirtualKeyStatus.Active;

    /// <summary>
    /// The key as a configuration key (<c>Gateway:Keys:&lt;id&gt;</c> with <c>KeySha256</c>), so the rules go through the
    /// same grant as configured keys. <see cref="VirtualKeySpec.MaxConcurrent"/> becomes <c>Limits:MaxPendingCalls</c>;
    /// the rate limit, expiry and status have no configuration counterpart and stay on this record.
    /// </summary>
    public ApiKeyOptions ToApiKeyOptions() => new()
    {
        KeySha256 = KeySha256,
        Servers = [.. Spec.Servers],
        Tools = [.. Spec.Tools],
        DenyTools = [.. Spec.DenyTools],
        Prompts = [.. Spec.Prompts],
        DenyPrompts = [.. Spec.DenyPrompts],
        Resources = [.. Spec.Resources],
        DenyResources = [.. Spec.DenyResources],
        ReadOnly = Spec.ReadOnly,
        Limits = new KeyLimitOptions { MaxPendingCalls = Spec.MaxConcurrent },
    };
}
