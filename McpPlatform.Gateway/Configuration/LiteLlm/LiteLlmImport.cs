namespace McpPlatform.Gateway.Configuration.LiteLlm;

/// <summary>
/// What a LiteLLM config file maps to: configuration settings (<c>Gateway:…</c> paths, as if written in appsettings) and
/// the warnings about what was ignored or accepted only with reservations. Never holds a warning with a secret in it.
/// </summary>
/// <param name="Settings">The settings, by configuration path.</param>
/// <param name="Warnings">One line per warning, naming the file, the line and the key.</param>
public sealed record LiteLlmImport(IReadOnlyDictionary<string, string?> Settings, IReadOnlyList<string> Warnings);
