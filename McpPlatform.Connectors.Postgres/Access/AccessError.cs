using System.Text.Json.Serialization;

namespace McpPlatform.Connectors.Postgres.Access;

/// <summary>The body of a refusal: the same shape as the gateway's errors.</summary>
internal sealed record AccessError(AccessError.Detail Error)
{
    public static readonly AccessError SecretRequired = new(new Detail(
        "This connector answers only its gateway: send 'Authorization: Bearer <secret>' with the secret configured as Connector:Secret.",
        "unauthorized",
        "connector_secret_required"));

    internal sealed record Detail(string Message, string Type, string Code);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AccessError))]
internal sealed partial class AccessErrorJsonContext : JsonSerializerContext;
