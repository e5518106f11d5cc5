namespace McpPlatform.Gateway.Storage;

/// <summary>
/// The gateway's own database (<c>Gateway:Database</c>): virtual keys and the audit log. On when the connection string
/// <c>ConnectionStrings:gatewaydb</c> is set (the AppHost sets it); without it the gateway runs on configuration keys only.
/// </summary>
public sealed class GatewayDatabaseOptions
{
    public const string SectionName = "Gateway:Database";

    /// <summary>The connection string's name, <c>ConnectionStrings:gatewaydb</c> (the AppHost's resource name).</summary>
    public const string ConnectionName = "gatewaydb";

    /// <summary>How long to wait between attempts while the database is unreachable or its migrations fail. Default 5 s.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the readiness check (<c>/health</c>) waits for the database to answer. Default 3 s.</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(3);

    internal IEnumerable<string> Errors()
    {
        if (RetryInterval < TimeSpan.FromMilliseconds(100))
        {
            yield return $"{SectionName}:RetryInterval must be at least 00:00:00.1.";
        }

        if (HealthCheckTimeout < TimeSpan.FromMilliseconds(100))
        {
            yield return $"{SectionName}:HealthCheckTimeout must be at least 00:00:00.1.";
        }
    }
}
