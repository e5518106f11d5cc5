using System.Net.Sockets;
using Npgsql;

namespace McpPlatform.Gateway.Storage;

/// <summary>
/// Short, safe descriptions of why the gateway database failed, for <c>/health</c> and logs: PostgreSQL's own message
/// or the socket error, never the connection string (its password) nor the host and port (the LAN sees <c>/health</c>).
/// </summary>
internal static class DatabaseErrors
{
    public static string Describe(Exception exception) => exception switch
    {
        PostgresException postgres => $"PostgreSQL refused ({postgres.SqlState}): {postgres.MessageText}",
        NpgsqlException { InnerException: SocketException socket } => $"unreachable ({socket.SocketErrorCode})",
        NpgsqlException { InnerException: TimeoutException } or TimeoutException => "no answer in time",
        NpgsqlException npgsql => $"connection failed ({npgsql.GetType().Name}{(npgsql.InnerException is { } inner ? ": " + inner.GetType().Name : string.Empty)})",
        InvalidOperationException invalid => invalid.Message,
        _ => exception.GetType().Name,
    };

    /// <summary>
    /// True when retrying the same statement later can succeed: the connection or the server, not the data. Data
    /// errors (classes 22 and 23: a value too long, a constraint) fail the same way every time.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        PostgresException postgres => !postgres.SqlState.StartsWith("22", StringComparison.Ordinal) && !postgres.SqlState.StartsWith("23", StringComparison.Ordinal),
        NpgsqlException or TimeoutException or IOException or SocketException => true,
        _ => false,
    };
}
