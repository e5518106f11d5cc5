using McpPlatform.Gateway.Upstreams;

namespace McpPlatform.Gateway.StatelessInput;

/// <summary>
/// An upstream client of <see cref="InputClientPool"/>, lent to one <see cref="PendingCall"/> at a time: its
/// sampling, elicitation and roots handlers ask whichever call holds it.
/// </summary>
internal sealed class RentedClient(string server, ModelContextProtocol.Protocol.ClientCapabilities capabilities)
{
    public string Server { get; } = server;

    public ModelContextProtocol.Protocol.ClientCapabilities Capabilities { get; } = capabilities;

    public Upstream Upstream { get; set; } = null!;

    /// <summary>The call this client works for now; null while it sits in the pool.</summary>
    public PendingCall? Holder { get; set; }

    public PendingCall RequireHolder() =>
        Holder ?? throw new InvalidOperationException($"The upstream '{Server}' asked for client input outside of a call.");
}
