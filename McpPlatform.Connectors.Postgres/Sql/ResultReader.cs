using System.Data.Common;
using System.Text.Json.Nodes;

namespace McpPlatform.Connectors.Postgres.Sql;

/// <summary>Reads the current result set into JSON rows, stopping at the row and byte caps.</summary>
internal static class ResultReader
{
    public static async Task<QueryResult> ReadAsync(DbDataReader reader, int maxRows, int maxBytes, CancellationToken cancellationToken)
    {
        var columns = ReadColumns(reader);
        var keys = UniqueKeys(columns);
        var rows = new List<JsonObject>();
        using var sizer = new SizeCounter();
        long bytes = 0;
        string? capHit = null;

        while (capHit is null && await reader.ReadAsync(cancellationToken))
        {
            if (rows.Count == maxRows)
            {
                capHit = $"row cap of {maxRows}";
                break;
            }

            var row = new JsonObject();
            for (var i = 0; i < columns.Count; i++)
            {
                // The field's size is known before its value is read: a value past the byte cap is never
                // read into memory (with CommandBehavior.SequentialAccess it is still on the wire).
                if (!await reader.IsDBNullAsync(i, cancellationToken) && bytes + reader.GetBytes(i, 0, null, 0, 0) > maxBytes)
                {
                    capHit = $"byte cap of {maxBytes}";
                    break;
                }

                row[keys[i]] = JsonValueConverter.ToJson(ReadValue(reader, i, columns[i].Type), columns[i].Type);
            }

            if (capHit is not null)
            {
                break;
            }

            bytes += JsonSize(row, sizer);
            if (bytes > maxBytes)
            {
                capHit = $"byte cap of {maxBytes}";
                break;
            }

            rows.Add(row);
        }

        var note = capHit is null
            ? null
            : $"Result truncated at the {capHit}: {rows.Count} rows returned. Narrow the query (WHERE, fewer columns, LIMIT/OFFSET paging or an aggregate) to see the rest.";
        return new QueryResult(columns, rows, rows.Count, capHit is not null, note);
    }

    public static QueryResult Empty { get; } = new([], [], 0, false, null);

    /// <summary>The row's size as JSON (UTF-8), written into a buffer reused across rows.</summary>
    private static long JsonSize(JsonObject row, SizeCounter sizer)
    {
        sizer.Reset();
        row.WriteTo(sizer.Writer);
        sizer.Writer.Flush();
        return sizer.Writer.BytesCommitted;
    }

    private sealed class SizeCounter : IDisposable
    {
        private readonly System.Buffers.ArrayBufferWriter<byte> buffer = new(1024);

        public SizeCounter() => Writer = new System.Text.Json.Utf8JsonWriter(buffer);

        public System.Text.Json.Utf8JsonWriter Writer { get; }

        public void Reset()
        {
            buffer.ResetWrittenCount();
            Writer.Reset(buffer);
        }

        public void Dispose() => Writer.Dispose();
    }

    /// <summary>
    /// Reads a value with its natural .NET type, except <c>numeric</c>: decoded from PostgreSQL's binary form
    /// into exact text (<see cref="PgNumericText"/>), so that no digit is lost however long the number.
    /// </summary>
    private static object? ReadValue(DbDataReader reader, int ordinal, string dataTypeName)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        if (dataTypeName != "numeric")
        {
            return reader.GetValue(ordinal);
        }

        using var stream = reader.GetStream(ordinal);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return new NumericText(PgNumericText.Decode(buffer.ToArray()));
    }

    private static List<QueryColumn> ReadColumns(DbDataReader reader)
    {
        var columns = new List<QueryColumn>(reader.FieldCount);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            columns.Add(new QueryColumn(reader.GetName(i), reader.GetDataTypeName(i)));
        }

        return columns;
    }

    /// <summary>Column names as object keys; a repeated name (<c>SELECT 1, 1</c>) gets a numeric suffix.</summary>
    internal static string[] UniqueKeys(IReadOnlyList<QueryColumn> columns)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var keys = new string[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            var key = columns[i].Name;
            for (var n = 2; !seen.Add(key); n++)
            {
                key = $"{columns[i].Name}_{n}";
            }

            keys[i] = key;
        }

        return keys;
    }
}
