using System.Globalization;
using System.Security.Claims;
using McpPlatform.Gateway.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace McpPlatform.Gateway.AdminPage.Pages;

/// <summary>
/// <c>/admin/login</c>: the master key, compared in constant time (<see cref="MasterKeyCheck"/>), opens a session cookie.
/// A wrong key answers 401 and counts against the client address (<see cref="AdminLoginThrottle"/>); past the limit
/// every attempt answers 429 without a comparison. The key is never logged or shown again.
/// </summary>
internal sealed partial class LoginModel(MasterKeyCheck masterKey, AdminLoginThrottle throttle, ILogger<LoginModel> logger) : PageModel
{
    /// <summary>Where to go once logged in: only a path of the admin page.</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync([FromForm(Name = "MasterKey")] string? presented)
    {
        var address = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (!throttle.MayTry(address, out var retryAfter))
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            Error = $"Too many failed logins from this address: try again in {seconds} s.";
            return Refused(StatusCodes.Status429TooManyRequests);
        }

        if (!masterKey.Matches(presented))
        {
            throttle.Failed(address);
            Log.WrongMasterKey(logger, address);
            Error = "The master key is not valid.";
            return Refused(StatusCodes.Status401Unauthorized);
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "admin"), new Claim(ClaimTypes.Role, AdminAuthorization.Role)], AdminPageExtensions.SchemeName);
        await HttpContext.SignInAsync(AdminPageExtensions.SchemeName, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false, AllowRefresh = false });
        return LocalRedirect(ReturnUrl is { } target && Url.IsLocalUrl(target) && IsAdminPath(target) ? target : AdminPageExtensions.PathPrefix);
    }

    private static bool IsAdminPath(string path) =>
        path == AdminPageExtensions.PathPrefix || path.StartsWith(AdminPageExtensions.PathPrefix + "/", StringComparison.Ordinal);

    private PageResult Refused(int statusCode)
    {
        var page = Page();
        page.StatusCode = statusCode;
        return page;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Refused an admin page login with a wrong master key from {RemoteIp}")]
        public static partial void WrongMasterKey(ILogger logger, string remoteIp);
    }
}
