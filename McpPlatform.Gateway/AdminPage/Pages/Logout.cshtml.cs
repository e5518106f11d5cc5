using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace McpPlatform.Gateway.AdminPage.Pages;

/// <summary><c>POST /admin/logout</c> (a form with its antiforgery token): ends the session; a GET changes nothing.</summary>
internal sealed class LogoutModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect(AdminPageExtensions.PathPrefix);

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(AdminPageExtensions.SchemeName);
        return LocalRedirect(AdminPageExtensions.LoginPath);
    }
}
