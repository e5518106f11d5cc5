using System.Collections.Concurrent;
using McpPlatform.Connectors.Postgres.Databases;
using Microsoft.Extensions.Options;

namespace McpPlatform.Connectors.Postgres.Sql.Safety;

/// <summary>
/// Restricted mode's decision on a client statement for one database: the static rules of
/// <see cref="RestrictedSqlGuard"/>, then for every function the statement may call, in this order: the deny rules
/// (<see cref="RestrictedSqlRules"/> and <c>Sql:DenyFunctions</c>), then that database's <c>pg_proc</c>: a volatile
/// function is refused unless it is a reviewed harmless one as PostgreSQL or an extension ships it
/// (<see cref="HarmlessVolatileFunctions"/>).
/// </summary>
public sealed class RestrictedSqlPolicy(IOptions<SqlExecutionOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, FunctionCatalog> catalogs = new(StringComparer.Ordinal);
    private readonly HashSet<string> denied = new(options.Value.DenyFunctions, StringComparer.OrdinalIgnoreCase);

    /// <summary>Returns why <paramref name="sql"/> may not run on <paramref name="database"/> in restricted mode, or null.</summary>
    public async Task<string?> CheckAsync(DatabaseTarget database, string sql, CancellationToken cancellationToken)
    {
        var statement = RestrictedStatement.Read(sql);
        // What the static rules refuse needs no catalog (and no round trip to read one); names only in attribute
        // notation wait for the catalog (see CallRule).
        if (RestrictedSqlGuard.Check(statement, (name, parenthesized) => parenthesized ? Rule(name) : null) is { } refusal)
        {
            return refusal;
        }

        var catalog = await CatalogAsync(database, cancellationToken);
        var unknown = statement.Calls()
            .Where(call => !catalog.IsSyntaxKeyword(call.Token, call.Qualified) && catalog.IsVolatile(call.Token.Name!) is null
                           && (call.Parenthesized || !catalog.IsKnownMissing(call.Token.Name!)))
            .Select(call => call.Token.Name!)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (unknown.Count > 0)
        {
            await catalog.LookUpAsync(database.DataSource, unknown, cancellationToken);
        }

        return RestrictedSqlGuard.Check(statement, (name, parenthesized) => CallRule(name, parenthesized, catalog));
    }

    /// <summary>Reads <paramref name="database"/>'s function catalog now (at start), so the first statement does not wait for it.</summary>
    public Task LoadCatalogAsync(DatabaseTarget database, CancellationToken cancellationToken) => CatalogAsync(database, cancellationToken);

    private async Task<FunctionCatalog> CatalogAsync(DatabaseTarget database, CancellationToken cancellationToken)
    {
        var catalog = catalogs.GetOrAdd(database.Name, static (_, settings) => new FunctionCatalog(settings.time, TimeSpan.FromSeconds(settings.refresh)), (time, refresh: options.Value.FunctionCatalogRefreshSeconds));
        await catalog.EnsureCurrentAsync(database.DataSource, cancellationToken);
        return catalog;
    }

    /// <summary>The deny rules that hold without a catalog: the built-in ones and <c>Sql:DenyFunctions</c>.</summary>
    private string? Rule(string name) =>
        RestrictedSqlRules.ForbiddenReason(name) ?? (denied.Contains(name) ? "denied by the Sql:DenyFunctions setting" : null);

    /// <summary>
    /// A call with parentheses: the deny rules, then the catalog. A name only in attribute notation (<c>p.lo_price</c>,
    /// a qualified column as far as syntax goes) calls something only when pg_proc has a function of that name.
    /// </summary>
    private string? CallRule(string name, bool parenthesized, FunctionCatalog catalog)
    {
        var isVolatile = catalog.IsVolatile(name);
        if (!parenthesized && isVolatile is null)
        {
            return null;
        }

        return Rule(name) ?? (isVolatile == true
            ? "pg_proc marks it (or an aggregate's support function) volatile: it may change state beyond the call, and only non-volatile functions and a reviewed list of harmless volatile ones run here"
            : null);
    }
}
