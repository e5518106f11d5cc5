namespace McpPlatform.Gateway.Tests.Telemetry;

/// <summary>
/// Tests that export the gateway's metrics: never beside other tests' gateways. An OpenTelemetry meter provider listens
/// to every meter of a name in the process, not only its own host's: with other tests' gateways alive beside it, this
/// test's points were intermittently missing from the export while theirs were there (seen twice in CI; the likely cause
/// is the SDK keeping one stream per instrument name across same-named meters — not confirmed in its source).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "telemetry";
}
