using System.Collections.Concurrent;

namespace McpPlatform.Gateway.Configuration;

/// <summary>
/// Warnings about the configuration found while the gateway starts (an imported key shorter than the minimum, a
/// configuration key that is not understood): logged where found, and kept here for the admin page and API.
/// </summary>
public sealed class StartupWarnings
{
    private readonly ConcurrentQueue<string> _warnings = new();

    /// <summary>Every warning recorded so far, oldest first.</summary>
    public IReadOnlyList<string> All => [.. _warnings];

    /// <summary>Records a warning (the caller logs it too). Never holds a secret.</summary>
    public void Add(string warning) => _warnings.Enqueue(warning);
}
