namespace McpPlatform.Gateway.Admin;

/// <summary>
/// The admin API's credentials (<c>Gateway:Admin</c>). The AppHost sets <c>MasterKey</c> from its secret parameter
/// <c>gateway-master-key</c>. Without a master key the admin API is off.
/// </summary>
public sealed class AdminOptions
{
    public const string SectionName = "Gateway:Admin";

    /// <summary>Shortest master key accepted: it guards every key, so at least 32 characters (e.g. <c>openssl rand -hex 24</c>).</summary>
    public const int MinimumMasterKeyLength = 32;

    /// <summary>The master key admins send as <c>Authorization: Bearer &lt;master key&gt;</c>. Never logged. Default: none (admin API off).</summary>
    public string? MasterKey { get; set; }

    internal IEnumerable<string> Errors()
    {
        if (MasterKey is { Length: > 0 } key && (key.Length < MinimumMasterKeyLength || key.Any(char.IsWhiteSpace)))
        {
            yield return $"{SectionName}:MasterKey must be at least {MinimumMasterKeyLength} characters without spaces.";
        }
    }
}
