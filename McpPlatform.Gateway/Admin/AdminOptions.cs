namespace McpPlatform.Gateway.Admin;

/// <summary>
/// The admin API's and the admin page's credentials and sessions (<c>Gateway:Admin</c>). The AppHost sets
/// <c>MasterKey</c> from its secret parameter <c>gateway-master-key</c>. Without a master key the admin API and the admin
/// page are off (404).
/// </summary>
public sealed class AdminOptions
{
    public const string SectionName = "Gateway:Admin";

    /// <summary>Shortest master key accepted: it guards every key, so at least 32 characters (e.g. <c>openssl rand -hex 24</c>).</summary>
    public const int MinimumMasterKeyLength = 32;

    /// <summary>The master key admins send as <c>Authorization: Bearer &lt;master key&gt;</c>. Never logged. Default: none (admin API off).</summary>
    public string? MasterKey { get; set; }

    /// <summary>
    /// How long an admin page login lasts (<c>/admin</c>): the session cookie is refused after it, whatever the activity,
    /// and a restart of the gateway ends every session earlier. 5 minutes to 1 day. Default 1 hour.
    /// </summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Failed admin page logins per minute from one client address; past it every login from there, right or wrong, is
    /// refused (429) until the minute is over. The whole gateway allows ten times as many. 1-100. Default 5.
    /// </summary>
    public int LoginFailuresPerMinute { get; set; } = 5;

    internal IEnumerable<string> Errors()
    {
        if (MasterKey is { Length: > 0 } key && (key.Length < MinimumMasterKeyLength || key.Any(char.IsWhiteSpace)))
        {
            yield return $"{SectionName}:MasterKey must be at least {MinimumMasterKeyLength} characters without spaces.";
        }

        if (SessionLifetime < TimeSpan.FromMinutes(5) || SessionLifetime > TimeSpan.FromDays(1))
        {
            yield return $"{SectionName}:SessionLifetime must be from 00:05:00 to 1.00:00:00.";
        }

        if (LoginFailuresPerMinute is < 1 or > 100)
        {
            yield return $"{SectionName}:LoginFailuresPerMinute must be 1-100.";
        }
    }
}
