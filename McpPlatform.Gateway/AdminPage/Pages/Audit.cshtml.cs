using System.Globalization;
using McpPlatform.Gateway.Apis;
using McpPlatform.Gateway.Audit;
using McpPlatform.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace McpPlatform.Gateway.AdminPage.Pages;

/// <summary>The audit page's filters, as the admin API's query parameters (<see cref="AdminAuditApi"/>).</summary>
internal sealed record AuditFilter(string? Key, string? Server, string? Tool, string? Outcome, string? From, string? To, string Limit);

/// <summary>
/// <c>/admin/audit</c>: recent audit entries, newest first, filtered by key, server, tool, outcome and time, a page at a
/// time: the admin API's own query handler, so filters mean and are checked exactly as in <c>GET /v1/admin/audit</c>.
/// </summary>
internal sealed class AuditModel(AuditRepository repository) : AdminPageModel
{
    public const string DefaultLimit = "50";

    public static readonly IReadOnlyList<string> Outcomes = ["", "ok", "error", "refused"];

    public AuditFilter Filter { get; private set; } = new(null, null, null, null, null, null, DefaultLimit);

    public AuditPageView? Results { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(string? key, string? server, string? tool, string? outcome, string? from, string? to, string? before, string? limit, CancellationToken cancellationToken)
    {
        Filter = new AuditFilter(key, server, tool, outcome, from, to, string.IsNullOrEmpty(limit) ? DefaultLimit : limit);
        IResult? result = null;
        await TryStorageAsync(async () =>
            result = (await AdminAuditApi.QueryAuditAsync(key, server, tool, outcome, from, to, before, Filter.Limit, repository, cancellationToken)).Result);
        switch (result)
        {
            case Ok<AuditPageView> page:
                Results = page.Value;
                break;
            case JsonHttpResult<ErrorResponse> { Value: { } error }:
                Error = error.Error.Message;
                Response.StatusCode = StatusCodes.Status400BadRequest;
                break;
        }
    }

    /// <summary>The key page of an audit entry's key: a virtual key by id, a configuration key by its name (<c>config:&lt;name&gt;</c>).</summary>
    public static string KeyLink(string keyId) =>
        $"{AdminPageExtensions.PathPrefix}/keys/" + Uri.EscapeDataString(keyId.StartsWith("vk_", StringComparison.Ordinal) ? keyId : AdminKeyView.ConfigurationIdPrefix + keyId);

    /// <summary>This page's filters with <c>before</c> set: the next (older) page.</summary>
    public string OlderLink(long before)
    {
        var query = new Dictionary<string, string?>
        {
            ["key"] = Filter.Key,
            ["server"] = Filter.Server,
            ["tool"] = Filter.Tool,
            ["outcome"] = Filter.Outcome,
            ["from"] = Filter.From,
            ["to"] = Filter.To,
            ["limit"] = Filter.Limit,
            ["before"] = before.ToString(CultureInfo.InvariantCulture),
        };
        return QueryHelpers.AddQueryString($"{AdminPageExtensions.PathPrefix}/audit", query.Where(pair => !string.IsNullOrEmpty(pair.Value)));
    }
}
