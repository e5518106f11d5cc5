using Npgsql;

namespace McpPlatform.Bench.Load;

/// <summary>The floor: the same SQL straight through Npgsql on one open connection, reading every row.</summary>
internal sealed class NpgsqlSession(NpgsqlConnection connection, string sql) : ICallSession
{
    public static async Task<NpgsqlSession> OpenAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return new NpgsqlSession(connection, sql);
    }

    public async Task CallAsync(CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var values = new object[reader.FieldCount];
        while (await reader.ReadAsync(cancellationToken))
        {
            reader.GetValues(values);
        }
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
