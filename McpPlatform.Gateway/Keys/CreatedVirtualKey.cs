namespace McpPlatform.Gateway.Keys;

/// <summary>A key just created or rotated, with the key itself: shown to the admin once, never stored or logged.</summary>
/// <param name="Key">The stored key.</param>
/// <param name="Secret">The key a client sends as <c>Authorization: Bearer &lt;secret&gt;</c>.</param>
public sealed record CreatedVirtualKey(VirtualKey Key, string Secret)
{
    /// <summary>Keeps the secret out of logs and debugger views that print the record.</summary>
    public override string ToString() => $"CreatedVirtualKey {{ Key = {Key.Id} ({Key.Prefix}…) }}";
}
