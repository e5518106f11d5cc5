using System.Text.Json.Serialization;
using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Keys;

namespace McpPlatform.Gateway.Apis;

/// <summary>
/// A key as the admin API shows it: a virtual key (<c>vk_…</c>), or a configuration key (<c>config:&lt;name&gt;</c>,
/// read-only). Never its digest; the key itself only in the answer to a create or rotate.
/// </summary>
public sealed record AdminKeyView
{
    public const string ConfigurationIdPrefix = "config:";

    /// <summary><c>vk_…</c>, or <c>config:&lt;name&gt;</c> for a configuration key.</summary>
    public required string Id { get; init; }

    /// <summary>The key itself: only when just created or rotated (shown once, never stored).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Key { get; init; }

    /// <summary>The first characters of the current key (<c>mcp_xxxxxxxx</c>); null for configuration keys.</summary>
    public string? Prefix { get; init; }

    /// <summary><c>virtual</c> (the gateway database; the admin API changes it) or <c>configuration</c> (read-only here).</summary>
    public required string Source { get; init; }

    public required string Name { get; init; }

    public string? Owner { get; init; }

    public IReadOnlyList<string> Servers { get; init; } = [];

    public IReadOnlyList<string> Tools { get; init; } = [];

    public IReadOnlyList<string> DenyTools { get; init; } = [];

    public IReadOnlyList<string> Prompts { get; init; } = [];

    public IReadOnlyList<string> DenyPrompts { get; init; } = [];

    public IReadOnlyList<string> Resources { get; init; } = [];

    public IReadOnlyList<string> DenyResources { get; init; } = [];

    public bool ReadOnly { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public int? RequestsPerMinute { get; init; }

    /// <summary>Calls in flight at once (a configuration key's <c>Limits:MaxPendingCalls</c>); null: the gateway's per-key default.</summary>
    public int? MaxConcurrent { get; init; }

    public bool Enabled { get; init; } = true;

    /// <summary><c>active</c>, <c>revoked</c>, <c>disabled</c> or <c>expired</c>.</summary>
    public required string Status { get; init; }

    /// <summary>False for configuration keys: change them in configuration.</summary>
    public bool Editable { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>After a create or update: what the admin should know (no tool at all, an unknown server name).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Warnings { get; init; }

    public static AdminKeyView Of(VirtualKey key, DateTimeOffset now) => new()
    {
        Id = key.Id,
        Prefix = key.Prefix,
        Source = "virtual",
        Name = key.Spec.Name,
        Owner = key.Spec.Owner,
        Servers = key.Spec.Servers,
        Tools = key.Spec.Tools,
        DenyTools = key.Spec.DenyTools,
        Prompts = key.Spec.Prompts,
        DenyPrompts = key.Spec.DenyPrompts,
        Resources = key.Spec.Resources,
        DenyResources = key.Spec.DenyResources,
        ReadOnly = key.Spec.ReadOnly,
        ExpiresAt = key.Spec.ExpiresAt,
        RequestsPerMinute = key.Spec.RequestsPerMinute,
        MaxConcurrent = key.Spec.MaxConcurrent,
        Enabled = key.Spec.Enabled,
        Status = key.StatusAt(now).ToString().ToLowerInvariant(),
        Editable = true,
        CreatedAt = key.CreatedAt,
        UpdatedAt = key.UpdatedAt,
        RevokedAt = key.RevokedAt,
    };

    public static AdminKeyView Of(string name, ApiKeyOptions key) => new()
    {
        Id = ConfigurationIdPrefix + name,
        Source = "configuration",
        Name = name,
        Servers = key.Servers,
        Tools = key.Tools,
        DenyTools = key.DenyTools,
        Prompts = key.Prompts,
        DenyPrompts = key.DenyPrompts,
        Resources = key.Resources,
        DenyResources = key.DenyResources,
        ReadOnly = key.ReadOnly,
        RequestsPerMinute = key.Limits.RequestsPerMinute,
        MaxConcurrent = key.Limits.MaxPendingCalls,
        Status = "active",
    };
}

/// <summary>The body of <c>GET /v1/admin/keys</c>: configuration keys first (by name), then virtual keys (oldest first).</summary>
public sealed record AdminKeyList(IReadOnlyList<AdminKeyView> Keys);
