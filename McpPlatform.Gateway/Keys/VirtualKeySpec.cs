using McpPlatform.Gateway.Auth;

namespace McpPlatform.Gateway.Keys;

/// <summary>
/// What an admin sets on a virtual key: its name and owner, and the same access rules as a configuration key
/// (<see cref="Configuration.AccessOptions"/>: servers, tool/prompt/resource allow and deny patterns, read-only), plus
/// expiry, limits and the enabled flag.
/// </summary>
public sealed record VirtualKeySpec
{
    public const int MaxNameLength = 100;
    public const int MaxOwnerLength = 200;
    public const int MaxPatternsPerList = 256;
    public const int MaxPatternLength = 512;

    /// <summary>A name for people (shown in the admin API and logs beside the key's id).</summary>
    public required string Name { get; init; }

    /// <summary>Who the key is for (free text, optional).</summary>
    public string? Owner { get; init; }

    /// <summary>Server names or aliases the key may use; <c>*</c> for all. Default: none.</summary>
    public IReadOnlyList<string> Servers { get; init; } = [];

    /// <summary>When not empty, only these tools (<c>server/tool</c> patterns, as <c>Gateway:Keys:*:Tools</c>).</summary>
    public IReadOnlyList<string> Tools { get; init; } = [];

    /// <summary>Tools never allowed (deny wins).</summary>
    public IReadOnlyList<string> DenyTools { get; init; } = [];

    /// <summary>Prompts the key may use (<c>server/prompt</c>); see <see cref="Configuration.AccessOptions.Prompts"/> for the fail-closed switch.</summary>
    public IReadOnlyList<string> Prompts { get; init; } = [];

    /// <summary>Prompts never allowed.</summary>
    public IReadOnlyList<string> DenyPrompts { get; init; } = [];

    /// <summary>Resources and templates the key may use (<c>server/uri</c>).</summary>
    public IReadOnlyList<string> Resources { get; init; } = [];

    /// <summary>Resources never allowed.</summary>
    public IReadOnlyList<string> DenyResources { get; init; } = [];

    /// <summary>Only tools their server annotates read-only.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>After this instant the key is refused; null: never expires.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Requests per minute; null: no per-key rate limit.</summary>
    public int? RequestsPerMinute { get; init; }

    /// <summary>Calls in flight at once; null: the gateway's per-key default.</summary>
    public int? MaxConcurrent { get; init; }

    /// <summary>False: refused until enabled again (unlike a revocation, which is final).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// What is wrong with the spec, one message per problem naming the field (JSON names); empty when valid. Checks the
    /// shapes configuration keys are held to; whether a named server exists is the caller's to check (servers come and go).
    /// </summary>
    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > MaxNameLength || Name.Any(char.IsControl))
        {
            errors.Add($"name must be 1-{MaxNameLength} characters without control characters.");
        }

        if (Owner is not null && (Owner.Length > MaxOwnerLength || Owner.Any(char.IsControl)))
        {
            errors.Add($"owner must be at most {MaxOwnerLength} characters without control characters.");
        }

        CheckList(errors, "servers", Servers, pattern: false);
        foreach (var (field, list) in new[]
        {
            ("tools", Tools), ("denyTools", DenyTools), ("prompts", Prompts), ("denyPrompts", DenyPrompts), ("resources", Resources), ("denyResources", DenyResources),
        })
        {
            CheckList(errors, field, list, pattern: true);
        }

        if (RequestsPerMinute is < 1)
        {
            errors.Add("requestsPerMinute must be at least 1 (or null for no limit).");
        }

        if (MaxConcurrent is < 1)
        {
            errors.Add("maxConcurrent must be at least 1 (or null for the default).");
        }

        return errors;
    }

    private static void CheckList(List<string> errors, string field, IReadOnlyList<string> values, bool pattern)
    {
        if (values.Count > MaxPatternsPerList)
        {
            errors.Add($"{field} holds more than {MaxPatternsPerList} entries.");
            return;
        }

        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            if (string.IsNullOrEmpty(value) || value.Length > MaxPatternLength || value.Any(char.IsControl))
            {
                errors.Add($"{field}[{i}] must be 1-{MaxPatternLength} characters without control characters.");
                continue;
            }

            if (!pattern)
            {
                continue;
            }

            if (ToolPattern.Split(value) is not { } parts)
            {
                errors.Add($"{field}[{i}] '{value}' must be server/name (server: name, alias or *; name: a name, prefix* or *).");
            }
            else if (field is not ("tools" or "denyTools") && parts.Tool.IndexOf('*', StringComparison.Ordinal) is var star && star >= 0 && star != parts.Tool.Length - 1)
            {
                // As in configuration: a * inside would be taken literally, and a deny rule would deny nothing.
                errors.Add($"{field}[{i}] '{value}' has a * before its end; * only ends a prefix.");
            }
        }
    }
}
