using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpPlatform.Connectors.Postgres.Tools;

/// <summary>
/// Keeps the tools' annotations true: <c>execute_sql</c> is read-only only while every configured database is
/// restricted. With an unrestricted database it may change data there, so it is annotated as a destructive,
/// non-idempotent tool, and clients and gateways that trust <c>readOnlyHint</c> (a read-only gateway key) leave it
/// out. Annotations belong to a tool, not to a call: one unrestricted database is enough. Every other tool only
/// reads, whatever the access mode (explain_query runs in a read-only transaction).
/// </summary>
internal static class WritingToolAnnotations
{
    public const string ExecuteSql = "execute_sql";

    public static void MarkExecuteSqlWriting(McpServerOptions options, IReadOnlyList<string> unrestrictedDatabases)
    {
        foreach (var tool in options.ToolCollection ?? [])
        {
            if (tool.ProtocolTool.Name != ExecuteSql)
            {
                continue;
            }

            tool.ProtocolTool.Annotations = new ToolAnnotations
            {
                Title = tool.ProtocolTool.Annotations?.Title,
                ReadOnlyHint = false,
                DestructiveHint = true,
                IdempotentHint = false,
                OpenWorldHint = false,
            };
            tool.ProtocolTool.Description += $" Unrestricted here (statements run and are committed as written): {string.Join(", ", unrestrictedDatabases)}.";
        }
    }
}
