using McpPlatform.Gateway.Access;
using McpPlatform.Gateway.Apis;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace McpPlatform.Gateway.AdminPage.Pages;

/// <summary>
/// <c>/admin/keys/{id}</c>: one key and its access explained server by server (the admin API's
/// <c>GET /v1/admin/keys/{id}</c> and <c>/access</c> handlers), with a revoke button.
/// </summary>
internal sealed class KeyModel(AdminKeyServices services) : AdminPageModel
{
    public AdminKeyView? Key { get; private set; }

    public AccessReport? Access { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        var found = await TryStorageAsync(async () =>
        {
            Key = (await AdminKeysApi.GetKeyAsync(id, services, cancellationToken)).Result is Ok<AdminKeyView> key ? key.Value : null;
            if (Key is not null)
            {
                Access = (await AdminKeysApi.ExplainKeyAsync(id, services, cancellationToken)).Result is Ok<AccessReport> report ? report.Value : null;
            }
        });
        return found && Key is null ? NotFound() : Page();
    }
}
