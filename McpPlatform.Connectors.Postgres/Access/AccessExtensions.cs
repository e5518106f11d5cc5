using McpPlatform.Connectors.Postgres.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>The connector's own secret in front of every HTTP endpoint except the health probes.</summary>
internal static class AccessExtensions
{
    public static IHostApplicationBuilder AddConnectorAccess(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConnectorAccessOptions>()
            .Bind(builder.Configuration.GetSection(ConnectorAccessOptions.SectionName))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ConnectorAccessOptions>, ConnectorAccessOptionsValidator>();
        builder.Services.AddSingleton<ConnectorSecret>();

        builder.Services.AddAuthentication(SecretAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, SecretAuthenticationHandler>(SecretAuthenticationHandler.SchemeName, configureOptions: null);

        // Fail closed for routes added later too: an endpoint is open only when it says so (/health, /alive).
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(SecretAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build());
        return builder;
    }

    public static WebApplication UseConnectorAccess(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<ConnectorSecret>().IsConfigured)
        {
            app.Logger.LogWarning(
                "Connector:Secret is not set: the MCP endpoints answer anyone who can reach this port (allowed in Development only; set Connector__Secret).");
        }

        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
