using System.Globalization;
using System.Text;

namespace McpPlatform.Connectors.Postgres.Tests.Results;

/// <summary>
/// Reads a query result's text back by the rule in docs/postgres-connector.md ("What a model reads"), written here
/// apart from the connector's code: a first line (row count or the note), a header of <c>name:type</c> cells, one line
/// per row; cells split at tabs; <c>NULL</c> is SQL NULL, a cell starting with <c>"</c> is a JSON string, any other
/// cell is the value as it is.
/// </summary>
internal sealed record TableText(string FirstLine, IReadOnlyList<(string Name, string Type)> Columns, IReadOnlyList<string?[]> Rows)
{
    public static TableText Read(string text)
    {
        var lines = text.Split('\n');
        var columns = lines[1].Split('\t').Select(cell =>
        {
            var colon = cell.LastIndexOf(':');
            return (Cell(cell[..colon])!, cell[(colon + 1)..]);
        }).ToList();
        var rows = lines.Skip(2).Select(line => line.Split('\t').Select(Cell).ToArray()).ToList();
        return new TableText(lines[0], columns, rows);
    }

    public static string? Cell(string cell) =>
        cell == "NULL" ? null : cell.StartsWith('"') ? Unquote(cell) : cell;

    /// <summary>A JSON string literal's value, lone surrogates included (which System.Text.Json refuses to read).</summary>
    private static string Unquote(string literal)
    {
        if (literal.Length < 2 || literal[^1] != '"')
        {
            throw new FormatException($"not a JSON string: {literal}");
        }

        var value = new StringBuilder();
        for (var i = 1; i < literal.Length - 1; i++)
        {
            var c = literal[i];
            if (c is '"' || c < ' ')
            {
                throw new FormatException($"raw U+{(int)c:X4} inside a JSON string: {literal}");
            }

            if (c != '\\')
            {
                value.Append(c);
                continue;
            }

            var escape = literal[++i];
            value.Append(escape switch
            {
                '"' => '"',
                '\\' => '\\',
                '/' => '/',
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                'b' => '\b',
                'f' => '\f',
                'u' => (char)int.Parse(literal.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                _ => throw new FormatException($"unknown escape \\{escape} in {literal}"),
            });
            if (escape == 'u')
            {
                i += 4;
            }
        }

        return value.ToString();
    }
}
