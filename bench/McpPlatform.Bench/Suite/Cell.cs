using System.Text.Json;
using McpPlatform.Bench.Infrastructure;
using McpPlatform.Bench.Load;

namespace McpPlatform.Bench.Suite;

/// <summary>One cell of the table: a system, a workload and a number of sessions, and how to open one session.</summary>
/// <param name="Group">The table's group (connector, gateway hop, ...).</param>
/// <param name="System">The system under test, as the table names it (and <c>--only</c> matches it).</param>
/// <param name="Workload">What each call does (SELECT 1, 100 rows, echo).</param>
/// <param name="Concurrency">Sessions, each making one call at a time.</param>
/// <param name="Open">Opens one session.</param>
/// <param name="OwnProcesses">Each session is a process of its own (stdio), started by the cell.</param>
/// <param name="GatewayB">The cell goes through the second gateway of an A/B run (<c>--gateway-b</c>).</param>
internal sealed record Cell(
    string Group, string System, string Workload, int Concurrency, Func<CancellationToken, Task<ICallSession>> Open, bool OwnProcesses = false, bool GatewayB = false)
{
    /// <summary>What a cell through the second gateway of an A/B run adds to its system's name.</summary>
    public const string GatewayBSuffix = " [B]";

    private const string Select1 = "SELECT 1";
    private const string Rows100 = "SELECT id, name, price, created_at FROM bench.items ORDER BY id";

    /// <summary>Every cell, in table order; with a second gateway, each cell through the gateway is followed by its B twin.</summary>
    public static List<Cell> All(Systems systems, RepositoryLayout layout)
    {
        var cells = new List<Cell>();
        void ThroughGateway(string group, string system, string workload, int concurrency, Func<Uri, CancellationToken, Task<ICallSession>> open)
        {
            cells.Add(new(group, system, workload, concurrency, ct => open(systems.Gateway, ct)));
            if (systems.GatewayB is { } gatewayB)
            {
                cells.Add(new(group, system + GatewayBSuffix, workload, concurrency, ct => open(gatewayB, ct), GatewayB: true));
            }
        }

        foreach (var (workload, sql) in new[] { ("SELECT 1", Select1), ("100 rows", Rows100) })
        {
            var sqlArgument = JsonSerializer.Serialize(new { sql });
            foreach (var concurrency in new[] { 1, 16 })
            {
                cells.Add(new("connector", "raw Npgsql (floor)", workload, concurrency, async ct => await NpgsqlSession.OpenAsync(systems.Postgres.ReaderConnectionString, sql, ct)));
                cells.Add(new("connector", "our connector (HTTP)", workload, concurrency, ct => CellRunner.Http(systems.Connector, Systems.ConnectorSecret, "execute_sql", sqlArgument, ct)));
                cells.Add(new("connector", "our connector (stdio)", workload, concurrency, ct => CellRunner.ConnectorStdio(systems, sqlArgument, ct), OwnProcesses: true));
                cells.Add(new("connector", "server-postgres (stdio)", workload, concurrency, ct => CellRunner.Stdio(layout, [layout.ServerPostgres, systems.Postgres.ReaderUrl], "query", sqlArgument, ct), OwnProcesses: true));
                cells.Add(new("connector", "server-postgres via mcp-proxy", workload, concurrency, ct => CellRunner.Http(systems.PostgresProxy, null, "query", sqlArgument, ct)));
                cells.Add(new("connector", "dbhub (stdio)", workload, concurrency, ct => CellRunner.Stdio(layout, [layout.Dbhub, "--transport", "stdio", "--config", systems.DbhubConfig], "execute_sql", sqlArgument, ct), OwnProcesses: true));
                cells.Add(new("connector", "dbhub (HTTP)", workload, concurrency, ct => CellRunner.Http(systems.Dbhub, null, "execute_sql", sqlArgument, ct)));
                ThroughGateway("gateway hop", "gateway /mcp (aggregate)", workload, concurrency, (gateway, ct) => CellRunner.Http(new Uri(gateway, "/mcp"), Systems.ApiKey, "postgres_main-execute_sql", sqlArgument, ct));
                ThroughGateway("gateway hop", "gateway /mcp/postgres_main", workload, concurrency, (gateway, ct) => CellRunner.Http(new Uri(gateway, "/mcp/postgres_main"), Systems.ApiKey, "execute_sql", sqlArgument, ct));
                ThroughGateway("gateway hop", "gateway /mcp/postgres_stateless (upstream 2026-07-28)", workload, concurrency, (gateway, ct) => CellRunner.Http(new Uri(gateway, "/mcp/postgres_stateless"), Systems.ApiKey, "execute_sql", sqlArgument, ct));
                if (workload == "SELECT 1")
                {
                    // Clients on 2026-07-28 (the MCP C# SDK's default) send stateless requests: no session on either server.
                    cells.Add(new("client 2026-07-28", "our connector, client 2026-07-28 (stateless)", workload, concurrency, ct => CellRunner.StatelessHttp(systems.Connector, Systems.ConnectorSecret, "execute_sql", sqlArgument, ct)));
                    ThroughGateway("client 2026-07-28", "gateway /mcp/postgres_main, client 2026-07-28 (stateless)", workload, concurrency, (gateway, ct) => CellRunner.StatelessHttp(new Uri(gateway, "/mcp/postgres_main"), Systems.ApiKey, "execute_sql", sqlArgument, ct));
                }
            }
        }

        const string echo = """{"message":"hello"}""";
        foreach (var concurrency in new[] { 1, 16 })
        {
            cells.Add(new("stdio upstream", "server-everything (stdio, own ceiling)", "echo", concurrency, ct => CellRunner.Stdio(layout, [layout.ServerEverything, "stdio"], "echo", echo, ct), OwnProcesses: true));
            ThroughGateway("stdio upstream", "server-everything via our gateway", "echo", concurrency, (gateway, ct) => CellRunner.Http(new Uri(gateway, "/mcp/everything"), Systems.ApiKey, "echo", echo, ct));
            cells.Add(new("stdio upstream", "server-everything via mcp-proxy", "echo", concurrency, ct => CellRunner.Http(systems.EverythingProxy, null, "echo", echo, ct)));
        }

        return cells;
    }
}
