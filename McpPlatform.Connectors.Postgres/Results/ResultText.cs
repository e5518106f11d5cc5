using System.Globalization;
using System.Text;
using System.Text.Json;
using McpPlatform.Connectors.Postgres.Sql;

namespace McpPlatform.Connectors.Postgres.Results;

/// <summary>
/// The text content of a tool result, made from its structured content for a model to read cheaply and without
/// misreading (see docs/postgres-connector.md, "What a model reads").
/// </summary>
/// <remarks>
/// A query result (<see cref="QueryResult"/>: <c>columns</c> with name and type, and <c>rows</c>) is a line with the
/// row count (or, when rows were cut, the note saying so), a header of <c>name:type</c> cells, then one line per row.
/// Any other result is a line <c>name: value</c> per property (null ones left out), with a list of objects as
/// <c>name: N rows</c> followed by a header of names and one line per row; a list whose objects hold lists of objects
/// is written object by object (<c>name[0].property: value</c>). Cells are tab-separated and written by
/// <see cref="CellText"/>, values by <see cref="ValueText"/>.
/// </remarks>
internal static class ResultText
{
    public static string Render(JsonElement structured)
    {
        var text = new StringBuilder();
        if (QueryColumns(structured) is { } columns && structured.TryGetProperty("rows", out var rows) && rows.ValueKind == JsonValueKind.Array)
        {
            AppendQueryResult(text, structured, columns, rows);
        }
        else if (structured.ValueKind == JsonValueKind.Object)
        {
            AppendObject(text, structured, string.Empty);
        }
        else
        {
            text.Append(ValueText.Format(structured, null) ?? CellText.Null).Append('\n');
        }

        return text.ToString(0, Math.Max(0, text.Length - 1)); // no line break after the last line
    }

    private static void AppendQueryResult(StringBuilder text, JsonElement result, List<QueryColumn> columns, JsonElement rows)
    {
        var count = rows.GetArrayLength();
        if (result.TryGetProperty("truncated", out var truncated) && truncated.ValueKind == JsonValueKind.True
            && result.TryGetProperty("note", out var note) && note.ValueKind == JsonValueKind.String)
        {
            CellText.Append(text, note.GetString());
        }
        else
        {
            text.Append(Rows(count));
        }

        if (columns.Count == 0)
        {
            text.Append(" (no columns)\n");
            return;
        }

        text.Append('\n');
        var types = columns.Select(column => ValueText.ShortTypeName(column.Type)).ToArray();
        for (var i = 0; i < columns.Count; i++)
        {
            CellText.Append(text.Append(i == 0 ? string.Empty : "\t"), columns[i].Name);
            text.Append(':').Append(types[i]);
        }

        text.Append('\n');
        var keys = ResultReader.UniqueKeys(columns);
        foreach (var row in rows.EnumerateArray())
        {
            // The row's properties are in column order: take them in turn, and look a key up only when one is not.
            var isObject = row.ValueKind == JsonValueKind.Object;
            var properties = isObject ? row.EnumerateObject() : default;
            for (var i = 0; i < keys.Length; i++)
            {
                var value = !isObject ? default
                    : properties.MoveNext() && properties.Current.NameEquals(keys[i]) ? properties.Current.Value
                    : row.TryGetProperty(keys[i], out var cell) ? cell : default;
                CellText.Append(text.Append(i == 0 ? string.Empty : "\t"), ValueText.Format(value, types[i]));
            }

            text.Append('\n');
        }
    }

    private static void AppendObject(StringBuilder text, JsonElement value, string prefix)
    {
        foreach (var property in value.EnumerateObject())
        {
            var name = prefix + property.Name;
            var item = property.Value;
            if (item.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (!IsTable(item))
            {
                text.Append(name).Append(": ");
                CellText.Append(text, ValueText.Format(item, null));
                text.Append('\n');
            }
            else if (item.EnumerateArray().Any(row => row.EnumerateObject().Any(cell => IsTable(cell.Value))))
            {
                var index = 0;
                foreach (var row in item.EnumerateArray())
                {
                    AppendObject(text, row, string.Create(CultureInfo.InvariantCulture, $"{name}[{index++}]."));
                }
            }
            else
            {
                text.Append(name).Append(": ").Append(Rows(item.GetArrayLength())).Append('\n');
                AppendTable(text, item);
            }
        }
    }

    /// <summary>Rows of the connector's own queries: a header of names (their union, in order), one line per row.</summary>
    private static void AppendTable(StringBuilder text, JsonElement rows)
    {
        var names = new List<string>();
        foreach (var row in rows.EnumerateArray())
        {
            foreach (var cell in row.EnumerateObject())
            {
                if (!names.Contains(cell.Name))
                {
                    names.Add(cell.Name);
                }
            }
        }

        text.AppendJoin('\t', names.Select(Header)).Append('\n');
        foreach (var row in rows.EnumerateArray())
        {
            for (var i = 0; i < names.Count; i++)
            {
                var value = row.TryGetProperty(names[i], out var cell) ? cell : default;
                CellText.Append(text.Append(i == 0 ? string.Empty : "\t"), ValueText.Format(value, null));
            }

            text.Append('\n');
        }
    }

    private static string Header(string name)
    {
        var cell = new StringBuilder();
        CellText.Append(cell, name);
        return cell.ToString();
    }

    /// <summary>A non-empty list of objects only.</summary>
    private static bool IsTable(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0 && value.EnumerateArray().All(item => item.ValueKind == JsonValueKind.Object);

    /// <summary>The columns of a <see cref="QueryResult"/>, or null when <paramref name="result"/> is not one.</summary>
    private static List<QueryColumn>? QueryColumns(JsonElement result)
    {
        if (result.ValueKind != JsonValueKind.Object || !result.TryGetProperty("columns", out var columns) || columns.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var list = new List<QueryColumn>(columns.GetArrayLength());
        foreach (var column in columns.EnumerateArray())
        {
            if (column.ValueKind != JsonValueKind.Object
                || !column.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                || !column.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            list.Add(new QueryColumn(name.GetString()!, type.GetString()!));
        }

        return list;
    }

    private static string Rows(int count) => count == 1 ? "1 row" : string.Create(CultureInfo.InvariantCulture, $"{count} rows");
}
