using System.Globalization;
using System.Net;
using System.Text;
using McpPlatform.Bench.Suite;

namespace McpPlatform.Bench.Reporting;

/// <summary>A horizontal bar chart of calls/s per cell, as an SVG image (no charting library needed for bars).</summary>
internal static class SvgChart
{
    private const int LabelWidth = 430;
    private const int BarWidth = 520;
    private const int RowHeight = 18;

    public static string Render(IReadOnlyList<Row> rows)
    {
        var max = rows.Count == 0 ? 1 : rows.Max(row => row.Result.CallsPerSecond);
        var height = 40 + (rows.Count * RowHeight);
        var svg = new StringBuilder();
        svg.AppendLine(Invariant($"""<svg xmlns="http://www.w3.org/2000/svg" width="{LabelWidth + BarWidth + 90}" height="{height}" font-family="sans-serif" font-size="11">"""));
        svg.AppendLine("""<rect width="100%" height="100%" fill="white"/>""");
        svg.AppendLine("""<text x="10" y="20" font-size="14" font-weight="bold">Calls per second (higher is better), one run, same machine</text>""");
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var y = 32 + (i * RowHeight);
            var width = Math.Max(1, BarWidth * row.Result.CallsPerSecond / max);
            var color = row.System.StartsWith("our", StringComparison.Ordinal) || row.System.StartsWith("gateway", StringComparison.Ordinal) || row.System.Contains("our gateway", StringComparison.Ordinal)
                ? "#2b6cb0"
                : row.System.StartsWith("raw", StringComparison.Ordinal) ? "#718096" : "#dd6b20";
            var label = WebUtility.HtmlEncode($"{row.System} · {row.Workload} · {row.Concurrency} session(s)");
            svg.AppendLine(Invariant($"""<text x="{LabelWidth - 6}" y="{y + 12}" text-anchor="end">{label}</text>"""));
            svg.AppendLine(Invariant($"""<rect x="{LabelWidth}" y="{y + 2}" width="{width:0.#}" height="{RowHeight - 5}" fill="{color}"/>"""));
            svg.AppendLine(Invariant($"""<text x="{LabelWidth + width + 4:0.#}" y="{y + 12}">{row.Result.CallsPerSecond:0}</text>"""));
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
