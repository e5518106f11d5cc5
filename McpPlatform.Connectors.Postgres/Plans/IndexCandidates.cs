using System.Text.Json;
using System.Text.RegularExpressions;

namespace McpPlatform.Connectors.Postgres.Plans;

/// <summary>
/// Finds index candidates in a VERBOSE JSON plan: the columns each scanned table is filtered, joined and
/// sorted on, as single-column indexes and as one composite per table (filter columns, then a sort column).
/// </summary>
public static partial class IndexCandidates
{
    private const int MaxColumnsPerIndex = 3;
    private static readonly string[] ConditionKeys = ["Filter", "Index Cond", "Recheck Cond", "Hash Cond", "Merge Cond", "Join Filter"];
    private static readonly string[] KeyLists = ["Sort Key", "Group Key"];
    private static readonly HashSet<string> SystemSchemas = new(StringComparer.Ordinal) { "pg_catalog", "information_schema", "pg_toast" };

    public static IReadOnlyList<HypotheticalIndex> FromPlan(JsonElement explainedVerbose)
    {
        var nodes = PlanSummary.Nodes(explainedVerbose).ToList();
        var tables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (node.TryGetProperty("Relation Name", out var relation) && node.TryGetProperty("Schema", out var schema)
                && !SystemSchemas.Contains(schema.GetString()!))
            {
                var alias = node.TryGetProperty("Alias", out var a) ? a.GetString()! : relation.GetString()!;
                tables[alias] = $"{schema.GetString()}.{relation.GetString()}";
            }
        }

        var filterColumns = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var sortColumns = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            foreach (var key in ConditionKeys)
            {
                if (node.TryGetProperty(key, out var condition))
                {
                    Collect(condition.GetString()!, tables, filterColumns);
                }
            }

            foreach (var key in KeyLists)
            {
                if (node.TryGetProperty(key, out var list))
                {
                    foreach (var item in list.EnumerateArray())
                    {
                        Collect(item.GetString()!, tables, sortColumns);
                    }
                }
            }
        }

        var candidates = new List<HypotheticalIndex>();
        foreach (var (table, columns) in filterColumns.Concat(sortColumns))
        {
            candidates.AddRange(columns.Select(column => new HypotheticalIndex(table, [column])));
        }

        foreach (var (table, columns) in filterColumns)
        {
            var composite = columns.Concat(sortColumns.GetValueOrDefault(table) ?? []).Distinct(StringComparer.Ordinal).Take(MaxColumnsPerIndex).ToList();
            if (composite.Count > 1)
            {
                candidates.Add(new HypotheticalIndex(table, composite));
            }
        }

        return candidates.DistinctBy(candidate => candidate.ToString(), StringComparer.Ordinal).ToList();
    }

    private static void Collect(string expression, Dictionary<string, string> tables, Dictionary<string, List<string>> into)
    {
        var withoutStrings = StringLiteral().Replace(expression, "''");
        foreach (Match match in QualifiedColumn().Matches(withoutStrings))
        {
            var alias = Unquote(match.Groups[1].Value);
            if (!tables.TryGetValue(alias, out var table))
            {
                continue;
            }

            var column = Unquote(match.Groups[2].Value);
            var columns = into.TryGetValue(table, out var existing) ? existing : into[table] = [];
            if (!columns.Contains(column, StringComparer.Ordinal))
            {
                columns.Add(column);
            }
        }
    }

    private static string Unquote(string identifier) =>
        identifier.Length > 1 && identifier[0] == '"' ? identifier[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : identifier;

    [GeneratedRegex("'(?:[^']|'')*'")]
    private static partial Regex StringLiteral();

    [GeneratedRegex("""(?<![\w."$])("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)\.("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)(?![\w"(])""")]
    private static partial Regex QualifiedColumn();
}
