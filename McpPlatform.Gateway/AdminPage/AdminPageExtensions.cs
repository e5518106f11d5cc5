using McpPlatform.Gateway.Admin;
using McpPlatform.Gateway.Auth;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.AdminPage;

/// <summary>
/// The admin page at <c>/admin</c>: server-rendered Razor Pages (no script) over the admin API's services. A master-key
/// login (<see cref="AdminLoginThrottle"/> limits failures) opens a session cookie (HttpOnly, SameSite=Strict, Secure over
/// HTTPS, data-protected, expiring after <see cref="AdminOptions.SessionLifetime"/>); every form carries an antiforgery
/// token, and a post without one gets 400. Without a master key nothing is mapped: <c>/admin</c> is 404.
/// </summary>
internal static class AdminPageExtensions
{
    public const string PathPrefix = "/admin";
    public const string LoginPath = PathPrefix + "/login";
    public const string SchemeName = "AdminPage";
    public const string PolicyName = "gateway-admin-page";
    public const string CookieName = "mcpplatform_admin";
    public const string AntiforgeryCookieName = "mcpplatform_admin_csrf";

    /// <summary>Largest request body of an admin page form.</summary>
    public const long MaxFormBytes = 64 * 1024;

    public static IServiceCollection AddAdminPage(this IServiceCollection services)
    {
        services.AddRazorPages(options =>
            {
                options.RootDirectory = "/AdminPage/Pages";
                options.Conventions.AuthorizeFolder("/", PolicyName);
                options.Conventions.AllowAnonymousToPage("/Login");
                options.Conventions.ConfigureFilter(new AdminPageHeaders());
                // The largest form (a new key) is well under it; a stranger's post to the login form is read no further.
                options.Conventions.ConfigureFilter(new RequestSizeLimitAttribute(MaxFormBytes));
            })
            .ConfigureApplicationPartManager(parts =>
            {
                // The pages are compiled into this assembly; a host whose entry assembly is another (the tests') must still find them.
                var assembly = typeof(AdminPageExtensions).Assembly;
                if (!parts.ApplicationParts.Any(part => part.Name == assembly.GetName().Name))
                {
                    foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
                    {
                        parts.ApplicationParts.Add(part);
                    }
                }
            });

        // Keys in memory only: nothing to keep on disk or share, and a restart ends every admin session and form token.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = AntiforgeryCookieName;
            options.Cookie.Path = PathPrefix;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        services.AddAuthentication().AddCookie(SchemeName, options =>
        {
            options.Cookie.Name = CookieName;
            options.Cookie.Path = PathPrefix;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.LoginPath = LoginPath;
            options.AccessDeniedPath = LoginPath;
            options.SlidingExpiration = false;
        });
        services.AddOptions<CookieAuthenticationOptions>(SchemeName)
            .Configure<IOptions<AdminOptions>>((cookie, admin) => cookie.ExpireTimeSpan = admin.Value.SessionLifetime);
        services.AddAuthorizationBuilder()
            .AddPolicy(PolicyName, policy => policy
                .AddAuthenticationSchemes(SchemeName)
                .RequireAuthenticatedUser()
                .RequireRole(AdminAuthorization.Role));

        services.AddSingleton<AdminLoginThrottle>();
        services.AddSingleton<AdminWarnings>();
        return services;
    }

    /// <summary>Maps the admin page: only when a master key is configured (<c>MapMcpGateway</c>), so that without one <c>/admin</c> is 404.</summary>
    public static IEndpointRouteBuilder MapAdminPage(this IEndpointRouteBuilder routes)
    {
        routes.MapRazorPages();
        return routes;
    }
}
