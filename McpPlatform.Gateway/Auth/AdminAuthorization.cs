using McpPlatform.Gateway.Admin;
using Microsoft.AspNetCore.Authentication;

namespace McpPlatform.Gateway.Auth;

/// <summary>
/// The admin API's guard: the policy <see cref="PolicyName"/> authenticates with the master key alone
/// (<see cref="MasterKeyAuthenticationHandler"/>), never with an API key.
/// </summary>
internal static class AdminAuthorization
{
    public const string PolicyName = "gateway-admin";
    public const string Role = "gateway-admin";

    /// <summary>Where the admin API lives: API keys are not even looked at below it.</summary>
    public const string PathPrefix = "/v1/admin";

    public static AuthenticationBuilder AddMasterKey(this AuthenticationBuilder authentication)
    {
        authentication.Services.AddAuthorizationBuilder()
            .AddPolicy(PolicyName, policy => policy
                .AddAuthenticationSchemes(MasterKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .RequireRole(Role));
        authentication.Services.AddSingleton<MasterKeyCheck>();
        return authentication.AddScheme<AuthenticationSchemeOptions, MasterKeyAuthenticationHandler>(MasterKeyAuthenticationHandler.SchemeName, configureOptions: null);
    }

    /// <summary>True when a master key is configured: without one the admin API is not mapped (404).</summary>
    public static bool IsEnabled(IServiceProvider services) =>
        services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AdminOptions>>().Value.MasterKey is { Length: > 0 };
}
