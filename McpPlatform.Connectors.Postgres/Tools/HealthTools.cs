using System.ComponentModel;
using System.Text.Json.Nodes;
using McpPlatform.Connectors.Postgres.Databases;
using McpPlatform.Connectors.Postgres.Sql;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using Npgsql;

namespace McpPlatform.Connectors.Postgres.Tools;

/// <summary>The outcome of one health check.</summary>
/// <param name="Check">index, connection, vacuum, sequence, replication, buffer or constraint.</param>
/// <param name="Status">The worst severity found: ok, warning, critical, or error when the check could not run.</param>
/// <param name="Summary">One line for a person.</param>
/// <param name="Findings">The rows behind the status.</param>
public sealed record HealthCheckResult(string Check, string Status, string Summary, IReadOnlyList<JsonObject> Findings);

/// <summary>The result of <c>analyze_db_health</c>.</summary>
public sealed record HealthReport(string Database, string Status, IReadOnlyList<HealthCheckResult> Checks);

/// <summary>Database health checks, as Postgres MCP Pro offers and more.</summary>
[McpServerToolType]
public sealed class HealthTools(TrustedQuery query, DatabaseRegistry databases)
{
    private static readonly string[] Severities = ["ok", "warning", "critical"];

    [McpServerTool(Name = "analyze_db_health", Title = "Analyze database health", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Checks the database's health: invalid, duplicate, unused and bloated indexes; connection use; transaction-ID wraparound risk and dead tuples; sequences near their limit; replication lag and slots; cache hit rates; constraints not validated.")]
    public Task<HealthReport> AnalyzeDbHealthAsync(
        [Description("'all' or a comma-separated list of: index, connection, vacuum, sequence, replication, buffer, constraint.")] string checks = "all",
        [Description("The configured database; omit for the default database.")] string? database = null,
        CancellationToken cancellationToken = default)
    {
        var target = databases.Resolve(database);
        var selected = Select(checks);
        return ToolErrors.GuardAsync(async () =>
        {
            var results = new List<HealthCheckResult>();
            foreach (var check in selected)
            {
                results.Add(await RunCheckAsync(target, check, cancellationToken));
            }

            var worst = results.Select(result => result.Status).OrderByDescending(Rank).FirstOrDefault() ?? "ok";
            return new HealthReport(target.Name, worst, results);
        });
    }

    private async Task<HealthCheckResult> RunCheckAsync(DatabaseTarget target, string check, CancellationToken cancellationToken)
    {
        var findings = new List<JsonObject>();
        try
        {
            foreach (var sql in HealthChecks.Queries[check])
            {
                findings.AddRange(await query.RowsAsync(target, sql, cancellationToken, target.Schemas.Parameter()));
            }
        }
        catch (PostgresException ex)
        {
            // One check the role may not run (e.g. missing pg_monitor) must not hide the others.
            return new HealthCheckResult(check, "error", $"The check could not run: {ex.SqlState} {ex.MessageText}", []);
        }

        var status = findings.Select(finding => (string?)finding["severity"] ?? "ok").OrderByDescending(Rank).FirstOrDefault() ?? "ok";
        var problems = findings.Count(finding => (string?)finding["severity"] is "warning" or "critical");
        var summary = problems == 0 ? "No problems found." : $"{problems} finding(s) need attention.";
        return new HealthCheckResult(check, status, summary, findings);
    }

    private static int Rank(string status) => status == "error" ? 1 : Array.IndexOf(Severities, status) * 2;

    private static List<string> Select(string checks)
    {
        if (string.IsNullOrWhiteSpace(checks) || checks.Trim().Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return [.. HealthChecks.Queries.Keys];
        }

        var selected = checks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(check => check.ToLowerInvariant()).Distinct().ToList();
        var unknown = selected.Where(check => !HealthChecks.Queries.ContainsKey(check)).ToList();
        if (unknown.Count > 0)
        {
            throw new McpException($"Unknown check(s): {string.Join(", ", unknown)}. Use 'all' or: {string.Join(", ", HealthChecks.Queries.Keys)}.");
        }

        return selected;
    }
}
