using McpPlatform.Gateway.Configuration;

namespace McpPlatform.Gateway.Tests;

internal static class TestOptions
{
    public const string LocalKey = "local-user-key-0123456789";

    /// <summary>The deployment's own shape: postgres_main (alias db) and a second server.</summary>
    public static GatewayOptions Create() => new()
    {
        Servers =
        {
            ["postgres_main"] = new UpstreamServerOptions { Url = new Uri("http://mcp-postgres/mcp"), Aliases = ["db"] },
            ["everything"] = new UpstreamServerOptions { Url = new Uri("http://everything/mcp") },
        },
        Keys =
        {
            ["local-user"] = new ApiKeyOptions { Key = LocalKey, Servers = ["db"] },
        },
    };
}
