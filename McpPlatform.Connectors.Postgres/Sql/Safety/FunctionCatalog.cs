using System.Collections.Concurrent;
using System.Collections.Frozen;
using Npgsql;

namespace McpPlatform.Connectors.Postgres.Sql.Safety;

/// <summary>
/// What one database's <c>pg_proc</c> says about each function name: whether any function of that name is
/// volatile. Loaded on first use and again once older than the refresh interval (so functions that extensions add
/// or change are seen); a name it does not know is looked up when a statement calls it, so a function created since
/// the last load is never taken for "no function". Names compare ignoring case: a clash refuses more, never less.
/// </summary>
internal sealed class FunctionCatalog(TimeProvider time, TimeSpan refreshAfter)
{
    private const string AllFunctionsSql =
        "SELECT proname::text, bool_or(provolatile = 'v') FROM pg_catalog.pg_proc GROUP BY proname";

    private const string SomeFunctionsSql =
        "SELECT proname::text, bool_or(provolatile = 'v') FROM pg_catalog.pg_proc WHERE proname = ANY($1::text[]::name[]) GROUP BY proname";

    /// <summary>
    /// Reserved and column-name keywords (pg_get_keywords catcode R and C): written unquoted before "(" they are
    /// syntax (ROW(...), VALUES (...), COALESCE(...), NUMERIC(10, 2)), never a call of a function by that name.
    /// </summary>
    private const string SyntaxKeywordsSql = "SELECT word FROM pg_catalog.pg_get_keywords() WHERE catcode IN ('R', 'C')";

    /// <summary>Most names remembered as no function (<see cref="IsKnownMissing"/>) before the memory starts over.</summary>
    private const int MaxMissing = 10_000;

    private readonly SemaphoreSlim loading = new(1, 1);
    private volatile Snapshot? current;

    /// <summary>True: some function of this name is volatile; false: none is; null: no function has this name (as far as known).</summary>
    public bool? IsVolatile(string name)
    {
        var snapshot = current ?? throw new InvalidOperationException("The function catalog is not loaded.");
        return snapshot.Functions.TryGetValue(name, out var isVolatile) || snapshot.FoundLater.TryGetValue(name, out isVolatile)
            ? isVolatile
            : null;
    }

    /// <summary>Whether <paramref name="token"/> is an unquoted keyword that cannot name a function (see <see cref="SyntaxKeywordsSql"/>).</summary>
    public bool IsSyntaxKeyword(SqlToken token) =>
        token.Kind == SqlTokenKind.Word && (current ?? throw new InvalidOperationException("The function catalog is not loaded.")).SyntaxKeywords.Contains(token.Name!);

    /// <summary>Loads the catalog if it never was; reloads it once it is older than the refresh interval.</summary>
    public async Task EnsureCurrentAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var snapshot = current;
        if (snapshot is not null && time.GetUtcNow() - snapshot.LoadedAt < refreshAfter)
        {
            return;
        }

        // The first load is awaited by everyone; a refresh by one caller while the others use the loaded one.
        if (snapshot is null)
        {
            await loading.WaitAsync(cancellationToken);
        }
        else if (!await loading.WaitAsync(0, cancellationToken))
        {
            return;
        }

        try
        {
            if (ReferenceEquals(current, snapshot))
            {
                var functions = await ReadAsync(dataSource, AllFunctionsSql, null, cancellationToken);
                var keywords = new List<string>();
                await using (var command = dataSource.CreateCommand(SyntaxKeywordsSql))
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        keywords.Add(reader.GetString(0));
                    }
                }

                current = new Snapshot(
                    functions.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase), keywords.ToFrozenSet(StringComparer.Ordinal), time.GetUtcNow(), new(StringComparer.OrdinalIgnoreCase), new(StringComparer.Ordinal));
            }
        }
        finally
        {
            loading.Release();
        }
    }

    /// <summary>
    /// Whether <paramref name="name"/> was looked up since the last load and is no function: qualified column and
    /// table names (<c>t.c</c>, <c>s.t</c>) look like attribute-notation calls, and are not looked up again for each
    /// statement. Calls with parentheses are always looked up.
    /// </summary>
    public bool IsKnownMissing(string name) =>
        (current ?? throw new InvalidOperationException("The function catalog is not loaded.")).Missing.ContainsKey(name);

    /// <summary>Looks names the loaded catalog does not know up in <c>pg_proc</c> (functions created since it was loaded).</summary>
    public async Task LookUpAsync(NpgsqlDataSource dataSource, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var snapshot = current ?? throw new InvalidOperationException("The function catalog is not loaded.");
        var found = await ReadAsync(dataSource, SomeFunctionsSql, names.ToArray(), cancellationToken);
        foreach (var (name, isVolatile) in found)
        {
            snapshot.FoundLater.AddOrUpdate(name, isVolatile, (_, known) => known || isVolatile);
        }

        if (snapshot.Missing.Count > MaxMissing)
        {
            snapshot.Missing.Clear();
        }

        foreach (var name in names.Where(name => !found.ContainsKey(name)))
        {
            snapshot.Missing.TryAdd(name, 0);
        }
    }

    private static async Task<Dictionary<string, bool>> ReadAsync(NpgsqlDataSource dataSource, string sql, string[]? names, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        if (names is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = names });
        }

        var functions = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var name = reader.GetString(0);
            functions[name] = reader.GetBoolean(1) || (functions.TryGetValue(name, out var known) && known);
        }

        return functions;
    }

    private sealed record Snapshot(
        FrozenDictionary<string, bool> Functions,
        FrozenSet<string> SyntaxKeywords,
        DateTimeOffset LoadedAt,
        ConcurrentDictionary<string, bool> FoundLater,
        ConcurrentDictionary<string, byte> Missing);
}
