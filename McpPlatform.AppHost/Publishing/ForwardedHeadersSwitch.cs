namespace McpPlatform.AppHost.Publishing;

/// <summary>
/// Aspire sets <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c> on every project it publishes. That switch makes ASP.NET Core
/// believe <c>X-Forwarded-For</c> from any sender, so a LAN client could claim to be 127.0.0.1. Our services trust
/// forwarded headers only from the proxies named in <c>ForwardedHeaders:KnownProxies</c> / <c>KnownNetworks</c>
/// (service defaults), so the switch leaves the published manifest, compose tree and Kubernetes manifests.
/// </summary>
internal static class ForwardedHeadersSwitch
{
    public const string VariableName = "ASPNETCORE_FORWARDEDHEADERS_ENABLED";

    /// <summary>Removes the switch from every project in the model; call it after the last project is added.</summary>
    public static IDistributedApplicationBuilder RemoveForwardedHeadersSwitch(this IDistributedApplicationBuilder builder)
    {
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            // Environment callbacks run in the order they were added: this one after Aspire's own.
            project.Annotations.Add(new EnvironmentCallbackAnnotation(context => context.EnvironmentVariables.Remove(VariableName)));
        }

        return builder;
    }
}
