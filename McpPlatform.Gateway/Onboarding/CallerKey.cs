namespace McpPlatform.Gateway.Onboarding;

/// <summary>
/// The key the caller authenticated with, as it sent it (<c>Authorization: Bearer …</c>), to write into its own client
/// setups. The gateway keeps no key in clear: a setup can only carry the key of the request that asks for it, never
/// another one.
/// </summary>
internal static class CallerKey
{
    private const string BearerPrefix = "Bearer ";

    /// <summary>What setups write where the caller sent no key they could carry.</summary>
    public const string Placeholder = "<your-api-key>";

    public static string Of(HttpRequest request) =>
        request.Headers.Authorization is { Count: 1 } authorization
        && authorization[0] is { } value
        && value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
        && value[BearerPrefix.Length..].Trim() is { Length: > 0 } key
            ? key
            : Placeholder;
}
