using McpPlatform.Gateway.Apis;
using McpPlatform.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace McpPlatform.Gateway.AdminPage.Pages;

/// <summary>
/// <c>/admin/keys</c>: every key (the admin API's list), a form to create one (the key shown once, on the answer page
/// itself: nothing keeps it for a redirect), and revoke buttons. Each goes through the admin API's own handlers and
/// services (<see cref="AdminKeysApi"/>, <see cref="AdminKeyServices"/>), so the page cannot do what the API would refuse.
/// </summary>
internal sealed class KeysModel(AdminKeyServices services) : AdminPageModel
{
    public IReadOnlyList<AdminKeyView> Keys { get; private set; } = [];

    [BindProperty]
    public KeyForm Form { get; set; } = new();

    public AdminKeyView? Created { get; private set; }

    public IReadOnlyList<string> Errors { get; private set; } = [];

    public string? Notice { get; private set; }

    public async Task OnGetAsync(string? revoked, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        // Only a key this page really shows as revoked: a crafted link cannot put words on the page.
        if (revoked is not null && Keys.FirstOrDefault(key => key.Id == revoked) is { Status: "revoked" } key)
        {
            Notice = $"Key {key.Id} ({key.Name}) revoked: every request with it is refused from now on.";
        }
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var body = Form.ToBody();
        await TryStorageAsync(async () => (Created, Errors) = await services.CreateAsync(body, cancellationToken));
        if (Created is not null)
        {
            Form = new KeyForm();
            ModelState.Clear();
        }

        await LoadAsync(cancellationToken);
        var page = Page();
        page.StatusCode = Created is not null ? StatusCodes.Status200OK : Unavailable is not null ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status400BadRequest;
        return page;
    }

    public async Task<IActionResult> OnPostRevokeAsync(string? id, CancellationToken cancellationToken)
    {
        IResult? result = null;
        await TryStorageAsync(async () => result = (await AdminKeysApi.DeleteKeyAsync(id ?? string.Empty, purge: null, services, cancellationToken)).Result);
        if (result is Ok<AdminKeyView> revoked)
        {
            return LocalRedirect($"{AdminPageExtensions.PathPrefix}/keys?revoked={Uri.EscapeDataString(revoked.Value!.Id)}");
        }

        Errors = result is JsonHttpResult<ErrorResponse> { Value: { } error } ? [error.Error.Message] : [];
        await LoadAsync(cancellationToken);
        var page = Page();
        page.StatusCode = Unavailable is not null ? StatusCodes.Status503ServiceUnavailable : (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status400BadRequest;
        return page;
    }

    private Task LoadAsync(CancellationToken cancellationToken) =>
        TryStorageAsync(async () => Keys = (await AdminKeysApi.ListKeysAsync(services, cancellationToken)).Value!.Keys);
}
