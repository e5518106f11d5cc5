using System.Globalization;
using System.Text;
using System.Text.Json;

namespace McpPlatform.Connectors.Postgres.Plans;

/// <summary>Reads PostgreSQL's JSON plans: total cost, the indexes used, and a short readable tree.</summary>
public static class PlanSummary
{
    public static double TotalCost(JsonElement explained) => explained.GetProperty("Plan").GetProperty("Total Cost").GetDouble();

    /// <summary>One line per plan node, indented by depth, as EXPLAIN's text format would show the essentials.</summary>
    public static string Render(JsonElement explained)
    {
        var builder = new StringBuilder();
        Render(explained.GetProperty("Plan"), 0, builder);
        if (explained.TryGetProperty("Planning Time", out var planning))
        {
            builder.Append(CultureInfo.InvariantCulture, $"Planning time: {planning.GetDouble():0.###} ms\n");
        }

        if (explained.TryGetProperty("Execution Time", out var execution))
        {
            builder.Append(CultureInfo.InvariantCulture, $"Execution time: {execution.GetDouble():0.###} ms\n");
        }

        return builder.ToString();
    }

    /// <summary>Every plan node, depth first.</summary>
    public static IEnumerable<JsonElement> Nodes(JsonElement explained)
    {
        var stack = new Stack<JsonElement>();
        stack.Push(explained.GetProperty("Plan"));
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;
            if (node.TryGetProperty("Plans", out var children))
            {
                foreach (var child in children.EnumerateArray().Reverse())
                {
                    stack.Push(child);
                }
            }
        }
    }

    private static void Render(JsonElement node, int depth, StringBuilder builder)
    {
        builder.Append(' ', depth * 2);
        if (depth > 0)
        {
            builder.Append("-> ");
        }

        builder.Append(Text(node, "Node Type"));
        if (node.TryGetProperty("Index Name", out var index))
        {
            builder.Append(" using ").Append(index.GetString());
        }

        if (node.TryGetProperty("Relation Name", out var relation))
        {
            builder.Append(" on ").Append(relation.GetString());
            if (node.TryGetProperty("Alias", out var alias) && alias.GetString() != relation.GetString())
            {
                builder.Append(' ').Append(alias.GetString());
            }
        }

        builder.Append(CultureInfo.InvariantCulture, $" (cost={Number(node, "Startup Cost")}..{Number(node, "Total Cost")} rows={Number(node, "Plan Rows")})");
        if (node.TryGetProperty("Actual Total Time", out var actual))
        {
            builder.Append(CultureInfo.InvariantCulture, $" (actual time={actual.GetDouble():0.###} ms rows={Number(node, "Actual Rows")} loops={Number(node, "Actual Loops")})");
        }

        builder.Append('\n');
        foreach (var key in (string[])["Index Cond", "Filter", "Hash Cond", "Join Filter", "Merge Cond"])
        {
            if (node.TryGetProperty(key, out var condition))
            {
                builder.Append(' ', (depth * 2) + 6).Append(key).Append(": ").Append(condition.GetString()).Append('\n');
            }
        }

        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                Render(child, depth + 1, builder);
            }
        }
    }

    private static string Text(JsonElement node, string property) =>
        node.TryGetProperty(property, out var value) ? value.GetString() ?? string.Empty : string.Empty;

    private static string Number(JsonElement node, string property) =>
        node.TryGetProperty(property, out var value) ? value.GetDouble().ToString("0.##", CultureInfo.InvariantCulture) : "?";
}
