namespace McpPlatform.AppHost.Publishing;

/// <summary>
/// The compose gateway reads <c>./config.yaml</c> of its folder when present (a LiteLLM config a migrating user
/// brings): the folder is mounted read-only (a single-file bind mount of a missing file would make Docker create a
/// directory in its place) and the gateway told where, with the file optional. The folder holds nothing the gateway
/// does not get anyway: its compose file and its <c>.env</c>, whose values are already the gateway's environment.
/// </summary>
internal static class ComposeGatewayConfig
{
    public const string GatewayResource = "gateway";
    public const string MountTarget = "/etc/mcpplatform";

    /// <summary>The environment entries the gateway service gets.</summary>
    public static IEnumerable<string> Environment() =>
        [$"Gateway__ConfigFile={MountTarget}/config.yaml", "Gateway__ConfigFileOptional=true"];

    /// <summary>The gateway's folder, read-only.</summary>
    public static string Mount() => $".:{MountTarget}:ro";
}
