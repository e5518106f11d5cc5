namespace McpPlatform.Gateway.Onboarding;

/// <summary>
/// The key the caller authenticated with, as it sent it (<c>Authorization: Bearer …</c> or <c>x-litellm-api-key</c>), to write into its own client
/// setups. The gateway keeps no key in clear: a setup can only carry the key of the request that asks for it, never
/// another one.
/// </summary>
internal static class CallerKey
{
    /// <summary>What setups write where the caller sent no key they could carry.</summary>
    public const string Placeholder = "<your-api-key>";

    public static string Of(HttpRequest request) => Auth.ApiKeyAuthenticationHandler.PresentedKeyOf(request) ?? Placeholder;
}
