using McpPlatform.Gateway.Storage;
using Npgsql;
using NpgsqlTypes;

namespace McpPlatform.Gateway.Audit;

/// <summary>
/// The <c>audit_log</c> table: batched writes (binary COPY), filtered reads with keyset paging (newest first, by id),
/// and deletion past the retention. Reads before the database is ready throw <see cref="StorageUnavailableException"/>.
/// </summary>
public sealed class AuditRepository(GatewayDatabase database)
{
    private const string Columns =
        "at, key_id, server, method, target, outcome, reason, duration_ms, request_bytes, response_bytes, session_id, arguments, result";

    /// <summary>Reads one page of entries matching <paramref name="query"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The limit is not 1-1000.</exception>
    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, AuditQuery.MaxLimit);
        database.ThrowIfNotReady();

        await using var command = database.DataSource.CreateCommand();
        var conditions = new List<string>();
        void Filter(string condition, object value, NpgsqlDbType type)
        {
            command.Parameters.Add(new() { Value = value, NpgsqlDbType = type });
            conditions.Add(condition.Replace("@", "$" + command.Parameters.Count, StringComparison.Ordinal));
        }

        if (query.KeyId is { } key)
        {
            Filter("key_id = @", key, NpgsqlDbType.Text);
        }

        if (query.Server is { } server)
        {
            Filter("server = @", server, NpgsqlDbType.Text);
        }

        if (query.Target is { } target)
        {
            Filter("target = @", target, NpgsqlDbType.Text);
        }

        if (query.Outcome is { } outcome)
        {
            Filter("outcome = @", OutcomeText(outcome), NpgsqlDbType.Text);
        }

        if (query.From is { } from)
        {
            Filter("at >= @", from.ToUniversalTime(), NpgsqlDbType.TimestampTz);
        }

        if (query.To is { } to)
        {
            Filter("at < @", to.ToUniversalTime(), NpgsqlDbType.TimestampTz);
        }

        if (query.Before is { } before)
        {
            Filter("id < @", before, NpgsqlDbType.Bigint);
        }


        // One more than asked: whether there is a next page, without a count.
        command.CommandText = $"SELECT id, {Columns} FROM audit_log{(conditions.Count > 0 ? " WHERE " + string.Join(" AND ", conditions) : string.Empty)} ORDER BY id DESC LIMIT {query.Limit + 1}";
        var entries = new List<AuditEntry>(query.Limit + 1);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                entries.Add(Read(reader));
            }
        }

        if (entries.Count <= query.Limit)
        {
            return new AuditPage(entries, null);
        }

        entries.RemoveAt(entries.Count - 1);
        return new AuditPage(entries, entries[^1].Id);
    }

    /// <summary>Writes entries in one binary COPY (all or none).</summary>
    internal async Task WriteAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var import = await connection.BeginBinaryImportAsync($"COPY audit_log ({Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var entry in entries)
        {
            await import.StartRowAsync(cancellationToken);
            await import.WriteAsync(entry.Timestamp.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
            await import.WriteAsync(entry.KeyId, NpgsqlDbType.Text, cancellationToken);
            await WriteTextAsync(import, entry.Server, cancellationToken);
            await import.WriteAsync(entry.Method, NpgsqlDbType.Text, cancellationToken);
            await WriteTextAsync(import, entry.Target, cancellationToken);
            await import.WriteAsync(OutcomeText(entry.Outcome), NpgsqlDbType.Text, cancellationToken);
            await WriteTextAsync(import, entry.Reason, cancellationToken);
            await import.WriteAsync(entry.Duration.TotalMilliseconds, NpgsqlDbType.Double, cancellationToken);
            await import.WriteAsync(entry.RequestBytes, NpgsqlDbType.Bigint, cancellationToken);
            await import.WriteAsync(entry.ResponseBytes, NpgsqlDbType.Bigint, cancellationToken);
            await WriteTextAsync(import, entry.SessionId, cancellationToken);
            await WriteTextAsync(import, entry.Arguments, cancellationToken);
            await WriteTextAsync(import, entry.Result, cancellationToken);
        }

        await import.CompleteAsync(cancellationToken);
    }

    /// <summary>Deletes entries older than <paramref name="cutoff"/>, in slices so no statement holds locks for long; returns how many.</summary>
    public async Task<long> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        database.ThrowIfNotReady();
        const int Slice = 10_000;
        long total = 0;
        while (true)
        {
            await using var command = database.DataSource.CreateCommand(
                $"DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < $1 ORDER BY id LIMIT {Slice})");
            command.Parameters.Add(new() { Value = cutoff.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            total += deleted;
            if (deleted < Slice)
            {
                return total;
            }
        }
    }

    internal static string OutcomeText(AuditOutcome outcome) => outcome switch
    {
        AuditOutcome.Ok => "ok",
        AuditOutcome.Error => "error",
        AuditOutcome.Refused => "refused",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    private static AuditOutcome ParseOutcome(string text) => text switch
    {
        "ok" => AuditOutcome.Ok,
        "refused" => AuditOutcome.Refused,
        _ => AuditOutcome.Error,
    };

    private static Task WriteTextAsync(NpgsqlBinaryImporter import, string? value, CancellationToken cancellationToken) =>
        value is null ? import.WriteNullAsync(cancellationToken) : import.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    private static AuditEntry Read(NpgsqlDataReader row)
    {
        string? Text(int ordinal) => row.IsDBNull(ordinal) ? null : row.GetString(ordinal);
        return new AuditEntry
        {
            Id = row.GetInt64(0),
            Timestamp = row.GetFieldValue<DateTimeOffset>(1),
            KeyId = row.GetString(2),
            Server = Text(3),
            Method = row.GetString(4),
            Target = Text(5),
            Outcome = ParseOutcome(row.GetString(6)),
            Reason = Text(7),
            Duration = TimeSpan.FromMilliseconds(row.GetDouble(8)),
            RequestBytes = row.GetInt64(9),
            ResponseBytes = row.GetInt64(10),
            SessionId = Text(11),
            Arguments = Text(12),
            Result = Text(13),
        };
    }
}
