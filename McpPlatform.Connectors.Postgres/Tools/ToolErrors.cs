using ModelContextProtocol;
using Npgsql;

namespace McpPlatform.Connectors.Postgres.Tools;

/// <summary>Turns database failures into tool errors a user can act on: PostgreSQL's message and SQLSTATE, no stack trace.</summary>
internal static class ToolErrors
{
    public static async Task<T> GuardAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (PostgresException ex)
        {
            var detail = ex.Detail is { Length: > 0 } d ? $" Detail: {d}" : string.Empty;
            var hint = ex.Hint is { Length: > 0 } h ? $" Hint: {h}" : string.Empty;
            var position = ex.Position > 0 ? $" (at character {ex.Position})" : string.Empty;
            throw new McpException($"PostgreSQL error {ex.SqlState}: {ex.MessageText}{position}.{detail}{hint}");
        }
        catch (NpgsqlException ex)
        {
            throw new McpException($"The database could not be reached or failed: {ex.Message}");
        }
        catch (TimeoutException)
        {
            throw new McpException("The database did not answer in time.");
        }
    }
}
