using Microsoft.Extensions.Options;

namespace McpPlatform.Connectors.Postgres.Access;

/// <summary>
/// Who may call the connector's MCP endpoints over HTTP (section <c>Connector</c>). The gateway applies keys and tool
/// rules; anything else that can reach the connector (another container on <c>mcp-net</c>) would skip them, so the
/// connector answers only callers that present its own secret.
/// </summary>
public sealed class ConnectorAccessOptions
{
    public const string SectionName = "Connector";

    /// <summary>Shortest secret accepted, as for the gateway's keys.</summary>
    public const int MinimumSecretLength = 16;

    /// <summary>
    /// The secret callers send as <c>Authorization: Bearer &lt;secret&gt;</c>. Required over HTTP outside Development
    /// (the connector refuses to start without it); in Development, unset leaves the MCP endpoints open with a warning.
    /// stdio (<c>--stdio</c>) needs none. Never logged.
    /// </summary>
    public string? Secret { get; set; }
}

/// <summary>Fail closed: an HTTP connector outside Development does not start without a usable secret.</summary>
internal sealed class ConnectorAccessOptionsValidator(IHostEnvironment environment) : IValidateOptions<ConnectorAccessOptions>
{
    private const string Setting = $"{ConnectorAccessOptions.SectionName}:Secret";

    public ValidateOptionsResult Validate(string? name, ConnectorAccessOptions options)
    {
        if (string.IsNullOrEmpty(options.Secret))
        {
            return environment.IsDevelopment()
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(
                    $"{Setting} is not set: outside Development the connector serves MCP over HTTP only to callers that present it " +
                    $"(environment variable Connector__Secret; the AppHost sets it from its parameter 'mcp-postgres-secret', compose and Kubernetes from MCP_POSTGRES_SECRET). " +
                    "A local client that needs no network can run the connector with --stdio instead.");
        }

        return options.Secret.Length < ConnectorAccessOptions.MinimumSecretLength || options.Secret.Trim().Length != options.Secret.Length
            ? ValidateOptionsResult.Fail($"{Setting} must be at least {ConnectorAccessOptions.MinimumSecretLength} characters without leading or trailing spaces (e.g. `openssl rand -hex 24`).")
            : ValidateOptionsResult.Success;
    }
}
