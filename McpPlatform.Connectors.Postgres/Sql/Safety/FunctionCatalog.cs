using System.Collections.Concurrent;
using System.Collections.Frozen;
using Npgsql;

namespace McpPlatform.Connectors.Postgres.Sql.Safety;

/// <summary>
/// What one database's <c>pg_proc</c> says about each function name: whether any function of that name may change
/// state (see <see cref="FunctionsSql"/>). Loaded on first use and again once older than the refresh interval (so functions that extensions add
/// or change are seen); a name it does not know is looked up when a statement calls it, so a function created since
/// the last load is never taken for "no function". Names compare ignoring case: a clash refuses more, never less.
/// </summary>
internal sealed class FunctionCatalog(TimeProvider time, TimeSpan refreshAfter)
{
    /// <summary>
    /// Per name: whether a function of that name may change state. A function counts when pg_proc marks it volatile,
    /// unless it is one of the reviewed harmless functions ($1) as PostgreSQL or an extension ships it (a function of
    /// the same name created elsewhere, <c>tools.system(text)</c>, still counts); an aggregate (which pg_proc always
    /// marks immutable) counts when one of its support functions does. $2: only these names (null: all).
    /// </summary>
    private const string FunctionsSql = """
        WITH reviewed AS (
            SELECT p.oid FROM pg_catalog.pg_proc p
            WHERE p.proname = ANY($1::text[]::name[])
              AND (p.pronamespace = 'pg_catalog'::regnamespace
                   OR EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                              WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')))
        SELECT p.proname::text,
               bool_or((p.provolatile = 'v' AND p.oid NOT IN (SELECT oid FROM reviewed))
                       OR EXISTS (SELECT 1 FROM pg_catalog.pg_aggregate a JOIN pg_catalog.pg_proc s
                                    ON s.oid IN (a.aggtransfn::oid, a.aggfinalfn::oid, a.aggcombinefn::oid, a.aggserialfn::oid,
                                                 a.aggdeserialfn::oid, a.aggmtransfn::oid, a.aggminvtransfn::oid, a.aggmfinalfn::oid)
                                  WHERE a.aggfnoid = p.oid AND s.provolatile = 'v' AND s.oid NOT IN (SELECT oid FROM reviewed)))
        FROM pg_catalog.pg_proc p
        WHERE $2::text[] IS NULL OR p.proname = ANY($2::text[]::name[])
        GROUP BY p.proname
        """;

    /// <summary>
    /// Reserved and column-name keywords (pg_get_keywords catcode R and C): written unquoted before "(" they are
    /// syntax (ROW(...), VALUES (...), COALESCE(...), NUMERIC(10, 2)), never a call of a function by that name.
    /// </summary>
    private const string SyntaxKeywordsSql = "SELECT word FROM pg_catalog.pg_get_keywords() WHERE catcode IN ('R', 'C')";

    /// <summary>Most names remembered as no function (<see cref="IsKnownMissing"/>) before the memory starts over.</summary>
    private const int MaxMissing = 10_000;

    private readonly SemaphoreSlim loading = new(1, 1);
    private volatile Snapshot? current;

    /// <summary>The loaded snapshot; every reader runs after <see cref="EnsureCurrentAsync"/>.</summary>
    private Snapshot Loaded => current ?? throw new InvalidOperationException("The function catalog is not loaded.");

    /// <summary>True: some function of this name is volatile; false: none is; null: no function has this name (as far as known).</summary>
    public bool? IsVolatile(string name)
    {
        var snapshot = Loaded;
        return snapshot.Functions.TryGetValue(name, out var isVolatile) || snapshot.FoundLater.TryGetValue(name, out isVolatile)
            ? isVolatile
            : null;
    }

    /// <summary>
    /// Whether <paramref name="token"/> is an unquoted keyword that cannot name a function (see <see cref="SyntaxKeywordsSql"/>).
    /// Never after a dot: <c>public.values()</c> calls a function named <c>values</c>.
    /// </summary>
    public bool IsSyntaxKeyword(SqlToken token, bool qualified) =>
        !qualified && token.Kind == SqlTokenKind.Word
        && Loaded.SyntaxKeywords.Contains(token.Name!);

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
                var functions = await ReadAsync(dataSource, null, cancellationToken);
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
        Loaded.Missing.ContainsKey(name);

    /// <summary>Looks names the loaded catalog does not know up in <c>pg_proc</c> (functions created since it was loaded).</summary>
    public async Task LookUpAsync(NpgsqlDataSource dataSource, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var snapshot = Loaded;
        var found = await ReadAsync(dataSource, names.ToArray(), cancellationToken);
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

    private static async Task<Dictionary<string, bool>> ReadAsync(NpgsqlDataSource dataSource, string[]? names, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(FunctionsSql);
        command.Parameters.Add(new NpgsqlParameter { Value = HarmlessVolatileFunctions.Names.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)names ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });

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
