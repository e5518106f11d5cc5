using System.Globalization;
using McpPlatform.Gateway.Audit;
using McpPlatform.Gateway.Auth;
using McpPlatform.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace McpPlatform.Gateway.Apis;

/// <summary>
/// <c>GET /v1/admin/audit</c>: audit entries, newest first, filtered by key, server, tool (or prompt, or resource URI),
/// outcome and time range, a page at a time (<c>before</c> = the previous page's <c>nextBefore</c>). Master key only.
/// </summary>
public static class AdminAuditApi
{
    public static IEndpointRouteBuilder MapAdminAuditApiV1(this IEndpointRouteBuilder routes)
    {
        routes.MapGet($"{AdminAuthorization.PathPrefix}/audit", QueryAuditAsync)
            .RequireAuthorization(AdminAuthorization.PolicyName)
            .AddEndpointFilter(AdminErrors.StorageFilter)
            .WithName("QueryAudit");
        return routes;
    }

    /// <summary>
    /// One page of entries. Query parameters: <c>key</c> (a virtual key's id, or a configuration key as
    /// <c>config:&lt;name&gt;</c> or its bare name), <c>server</c>, <c>tool</c>, <c>outcome</c> (ok, error, refused),
    /// <c>from</c>/<c>to</c> (ISO 8601), <c>before</c> (paging cursor), <c>limit</c> (1-1000, default 100).
    /// </summary>
    internal static async Task<Results<Ok<AuditPageView>, JsonHttpResult<ErrorResponse>>> QueryAuditAsync(
        string? key, string? server, string? tool, string? outcome, string? from, string? to, string? before, string? limit,
        AuditRepository repository,
        CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var query = new AuditQuery
        {
            KeyId = Empty(key) is { } id ? AuditKeyId(id) : null,
            Server = Empty(server),
            Target = Empty(tool),
            Outcome = Empty(outcome) switch
            {
                null => null,
                "ok" => AuditOutcome.Ok,
                "error" => AuditOutcome.Error,
                "refused" => AuditOutcome.Refused,
                _ => Invalid<AuditOutcome?>(errors, "outcome must be ok, error or refused."),
            },
            From = Instant(from, "from", errors),
            To = Instant(to, "to", errors),
            Before = Empty(before) is { } cursor ? (long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var b) && b > 0 ? b : Invalid<long?>(errors, "before must be a positive whole number (nextBefore of the previous page).")) : null,
            Limit = Empty(limit) is { } size ? (int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= AuditQuery.MaxLimit ? n : Invalid<int>(errors, $"limit must be 1-{AuditQuery.MaxLimit}.")) : 100,
        };
        if (errors.Count > 0)
        {
            return AdminErrors.BadRequest(string.Join(" ", errors));
        }

        var page = await repository.QueryAsync(query, cancellationToken);
        return TypedResults.Ok(new AuditPageView([.. page.Entries.Select(AuditEntryView.Of)], page.NextBefore));
    }

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>
    /// A <c>key</c> filter as the audit log names keys (<see cref="Telemetry.KeyIds"/>): a virtual key's id,
    /// <c>config:&lt;name&gt;</c>, <c>anonymous</c> and <c>unauthenticated</c> as they are; a bare configuration key name
    /// gets its <c>config:</c>.
    /// </summary>
    private static string AuditKeyId(string key) =>
        key.StartsWith(AdminKeyView.ConfigurationIdPrefix, StringComparison.Ordinal) || key is Telemetry.KeyIds.Anonymous or Telemetry.KeyIds.Unauthenticated
            ? key
            : Telemetry.KeyIds.Of(key);

    private static T Invalid<T>(List<string> errors, string message)
    {
        errors.Add(message);
        return default!;
    }

    private static DateTimeOffset? Instant(string? value, string name, List<string> errors) =>
        Empty(value) is not { } text ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) ? instant
        : Invalid<DateTimeOffset?>(errors, $"{name} must be an ISO 8601 date and time, e.g. 2027-01-31T00:00:00Z.");
}

/// <summary>The body of <c>GET /v1/admin/audit</c>.</summary>
/// <param name="Entries">Newest first.</param>
/// <param name="NextBefore">Pass as <c>before</c> for the next (older) page; null on the last page.</param>
public sealed record AuditPageView(IReadOnlyList<AuditEntryView> Entries, long? NextBefore);

/// <summary>One audit entry as the admin API shows it (see <see cref="AuditEntry"/>).</summary>
public sealed record AuditEntryView(
    long Id,
    DateTimeOffset Timestamp,
    string KeyId,
    string? Server,
    string Method,
    string? Target,
    string Outcome,
    string? Reason,
    double DurationMs,
    long RequestBytes,
    long ResponseBytes,
    string? SessionId,
    string? Arguments,
    string? Result)
{
    public static AuditEntryView Of(AuditEntry entry) => new(
        entry.Id,
        entry.Timestamp,
        entry.KeyId,
        entry.Server,
        entry.Method,
        entry.Target,
        AuditRepository.OutcomeText(entry.Outcome),
        entry.Reason,
        entry.Duration.TotalMilliseconds,
        entry.RequestBytes,
        entry.ResponseBytes,
        entry.SessionId,
        entry.Arguments,
        entry.Result);
}
