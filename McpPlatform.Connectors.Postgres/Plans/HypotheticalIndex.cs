using System.ComponentModel;
using System.Text;

namespace McpPlatform.Connectors.Postgres.Plans;

/// <summary>An index that does not exist, for the planner to consider (through hypopg).</summary>
/// <param name="Table">The table, optionally schema-qualified: <c>demo.orders</c> or <c>orders</c>.</param>
/// <param name="Columns">Column names, in index order.</param>
/// <param name="Method">Index method: btree (default), hash, gin, gist or brin.</param>
public sealed record HypotheticalIndex(
    [property: Description("The table, optionally schema-qualified, e.g. 'demo.orders'.")] string Table,
    [property: Description("Column names in index order, e.g. ['customer_id', 'ordered_at'].")] IReadOnlyList<string> Columns,
    [property: Description("Index method: btree (default), hash, gin, gist or brin.")] string? Method = null)
{
    private static readonly HashSet<string> Methods = new(StringComparer.OrdinalIgnoreCase) { "btree", "hash", "gin", "gist", "brin" };

    /// <summary>The CREATE INDEX statement, with every name quoted: nothing of the input is spliced as SQL.</summary>
    public string ToCreateIndexSql()
    {
        var method = string.IsNullOrWhiteSpace(Method) ? "btree" : Method.Trim().ToLowerInvariant();
        if (!Methods.Contains(method))
        {
            throw new ArgumentException($"Index method '{Method}' is not one of btree, hash, gin, gist, brin.");
        }

        if (Columns is not { Count: > 0 } || Columns.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"A hypothetical index on '{Table}' needs at least one column name.");
        }

        var parts = Table.Split('.', 2);
        var table = parts.Length == 2 ? $"{Quote(parts[0])}.{Quote(parts[1])}" : Quote(parts[0]);
        return $"CREATE INDEX ON {table} USING {method} ({string.Join(", ", Columns.Select(Quote))})";
    }

    public override string ToString() => $"{Table} USING {Method ?? "btree"} ({string.Join(", ", Columns)})";

    internal static string Quote(string identifier)
    {
        var name = identifier.Trim();
        if (name.Length > 1 && name[0] == '"' && name[^1] == '"')
        {
            name = name[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal);
        }

        var builder = new StringBuilder("\"");
        builder.Append(name.Replace("\"", "\"\"", StringComparison.Ordinal));
        return builder.Append('"').ToString();
    }
}
