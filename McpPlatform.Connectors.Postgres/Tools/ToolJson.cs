using System.Text.Json;
using System.Text.Json.Serialization;
using ModelContextProtocol;

namespace McpPlatform.Connectors.Postgres.Tools;

/// <summary>
/// How the tools' arguments are read and their results written: the MCP SDK's options, with null properties kept — the
/// output schemas list every record property as required, and clients that validate structured content against them
/// (MCP Inspector does) refuse a result that leaves one out.
/// </summary>
internal static class ToolJson
{
    public static JsonSerializerOptions Options { get; } = new(McpJsonUtilities.DefaultOptions)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}
