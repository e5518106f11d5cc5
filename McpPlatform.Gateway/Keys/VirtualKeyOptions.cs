namespace McpPlatform.Gateway.Keys;

/// <summary>How each gateway process follows the virtual keys table (<c>Gateway:VirtualKeys</c>).</summary>
public sealed class VirtualKeyOptions
{
    public const string SectionName = "Gateway:VirtualKeys";

    /// <summary>
    /// How often the table's version is read when no notification came (LISTEN/NOTIFY usually brings a change at once;
    /// this bounds the delay when notifications are off or lost). Default 2 s.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Listen for change notifications (PostgreSQL LISTEN). Turn off behind a connection pooler in transaction mode,
    /// which does not deliver them; polling alone then bounds the delay. Default true.
    /// </summary>
    public bool UseNotifications { get; set; } = true;

    /// <summary>
    /// How long the in-memory copy may go without a successful read of the table before virtual keys are refused (fail
    /// closed: a key revoked meanwhile could not be known). Configuration keys are not affected. Default 10 minutes.
    /// </summary>
    public TimeSpan MaxStaleness { get; set; } = TimeSpan.FromMinutes(10);

    internal IEnumerable<string> Errors()
    {
        if (PollInterval < TimeSpan.FromMilliseconds(100))
        {
            yield return $"{SectionName}:PollInterval must be at least 00:00:00.1.";
        }

        if (MaxStaleness < PollInterval * 3)
        {
            yield return $"{SectionName}:MaxStaleness must be at least three PollIntervals ({PollInterval * 3}).";
        }
    }
}
