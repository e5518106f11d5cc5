namespace McpPlatform.Gateway.Upstreams;

/// <summary>
/// What changed upstream: a server's tools, prompts or resources (its own <c>list_changed</c>, or the server going
/// down or coming back, which hides or shows its tools). Connected sessions are told through it.
/// </summary>
public sealed class UpstreamEvents
{
    /// <summary>Raised with the server's canonical name and the MCP notification method to pass on.</summary>
    public event Action<string, string>? ListChanged;

    public void RaiseListChanged(string server, string method) => ListChanged?.Invoke(server, method);
}
