namespace McpPlatform.Gateway.Configuration;

/// <summary>A model listed by <c>GET /v1/models</c>.</summary>
public sealed class ModelOptions
{
    /// <summary>Who offers the model. Default <c>mcpplatform</c>.</summary>
    public string OwnedBy { get; set; } = "mcpplatform";
}
