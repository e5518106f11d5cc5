using System.Diagnostics;
using System.Text;
using Npgsql;
using Xunit.Abstractions;

namespace McpPlatform.Connectors.Postgres.Tests.Differential;

/// <summary>
/// The guard against PostgreSQL itself: for thousands of generated texts, whenever PostgreSQL (guard off, in the
/// connector's read-only batch) runs the probe, the guard must have refused the text. A disagreement between the
/// guard's lexer and PostgreSQL's scanner that hides a call shows up here as a miss.
/// </summary>
[Collection(ProbeDatabase.Collection)]
public sealed class GuardDifferentialTests(ProbeDatabase database, ITestOutputHelper output)
{
    // Fixed, so every run checks the same corpus; MCP_GUARD_CORPUS_SEED / MCP_GUARD_CORPUS_TEXTS explore further.
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("MCP_GUARD_CORPUS_SEED"), out var seed) ? seed : 20261202;
    private static readonly int Texts = int.TryParse(Environment.GetEnvironmentVariable("MCP_GUARD_CORPUS_TEXTS"), out var texts) ? texts : 5_000;

    /// <summary>Known hiding tricks, run beside the generated corpus.</summary>
    private static readonly string[] Directed =
    [
        "SELECT 1 --\r, mcp_probe()",
        "SELECT 1 --\r\n, mcp_probe()",
        "SELECT 1 -- comment \r, mcp_probe(), 2",
        "SELECT 1 /*/* */, mcp_probe() -- */",
        "SELECT 1 /* /* */ */, mcp_probe()",
        "SELECT E'a'\n'\\'', mcp_probe() -- '",
        "SELECT 'a' -- c\n'b', mcp_probe()",
        "SELECT B'1''', mcp_probe(), ''''",
        "SELECT $a$ $ab$ $a$, mcp_probe()",
        "SELECT $$ $a$ $$, mcp_probe()",
        "SELECT \"mcp_probe\"()",
        "SELECT public . \"mcp_probe\" ( )",
        "SELECT (ROW(1)::probe_row).mcp_probe",
        "SELECT " + SqlCorpus.LongProbe + "_and_more_than_63_bytes()",
        "SELECT 1\vmcp_probe()",
        "SELECT 1\u00A0, mcp_probe()",
        "SELECT 1e1mcp_probe()",
        "SELECT U&'\\0027', mcp_probe()",
        "SELECT N'x', mcp_probe()",
        "SELECT 'x'::text, mcp_probe()::text",
    ];

    [Fact]
    public async Task GeneratedCorpus_EveryTextOnWhichPostgresRunsTheProbe_IsRefusedByTheGuard()
    {
        var policy = ProbeDatabase.Policy("mcp_probe", SqlCorpus.LongProbe);
        var corpus = new SqlCorpus(Seed);
        await using var connection = new NpgsqlConnection(database.ReaderConnectionString);
        await connection.OpenAsync();
        var clock = Stopwatch.StartNew();
        var misses = new List<string>();
        var overRefused = new List<string>();
        int ran = 0, refusedRuns = 0, succeeded = 0, allowedSuccesses = 0;

        foreach (var (sql, clean) in Directed.Select(sql => (sql, false)).Concat(Enumerable.Range(0, Texts).Select(_ => corpus.Next())))
        {
            var refusal = await policy.CheckAsync(database.Target, sql, CancellationToken.None);
            var outcome = await ProbeDatabase.RunUnguardedAsync(connection, sql);
            if (outcome == ProbeDatabase.ProbeSqlState)
            {
                ran++;
                if (refusal is null)
                {
                    misses.Add(Escape(sql));
                }
                else
                {
                    refusedRuns++;
                }
            }
            else if (outcome is null && clean)
            {
                succeeded++;
                allowedSuccesses += refusal is null ? 1 : 0;
                if (refusal is not null && overRefused.Count < 20)
                {
                    overRefused.Add($"{refusal} <- {Escape(sql)}");
                }
            }
        }

        output.WriteLine($"{Directed.Length + Texts} texts in {clock.Elapsed.TotalSeconds:F1} s: the probe ran on {ran} (guard refused {refusedRuns}), " +
                         $"{succeeded} clean texts (no call of the probe) ran in PostgreSQL (guard allowed {allowedSuccesses}), the rest failed in PostgreSQL or were not clean.");
        overRefused.ForEach(output.WriteLine);
        Assert.True(misses.Count == 0, $"The guard let through {misses.Count} texts on which PostgreSQL ran the probe:\n{string.Join('\n', misses.Take(10))}");
        // The corpus must exercise both sides: many real calls, and many harmless texts the guard lets run.
        Assert.True(ran >= Texts / 5, $"only {ran} texts ran the probe");
        Assert.True(succeeded >= Texts / 5 && allowedSuccesses == succeeded, $"the guard refused {succeeded - allowedSuccesses} of {succeeded} clean texts that PostgreSQL ran");
    }

    private static string Escape(string sql)
    {
        var text = new StringBuilder();
        foreach (var c in sql)
        {
            text.Append(c is < ' ' or > '~' ? $"\\u{(int)c:X4}" : c.ToString());
        }

        return text.ToString();
    }
}
