using System.Text.Json.Serialization;

namespace McpPlatform.Gateway.Onboarding;

/// <summary>How to connect one client to the gateway with the caller's key: steps to follow in order, then a check.</summary>
/// <param name="Id">The client's id in <c>/v1/clients/{client}</c> (<c>claude-code</c>).</param>
/// <param name="Name">Its display name.</param>
/// <param name="Url">The gateway URL this setup points the client at (MCP, or for Open WebUI the OpenAPI base).</param>
/// <param name="Steps">What to run or write.</param>
/// <param name="Check">A command that shows the client connected, when the client has one.</param>
public sealed record ClientSetup(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("steps")] IReadOnlyList<SetupStep> Steps,
    [property: JsonPropertyName("check")] string? Check);

/// <summary>One step: a shell command to paste, or a file to write (or merge into) with this content.</summary>
/// <param name="Title">What the step does.</param>
/// <param name="Command">A POSIX shell command, arguments quoted.</param>
/// <param name="File">Where the content goes (<c>~</c> is the home directory).</param>
/// <param name="Format">The content's format: <c>json</c>, <c>toml</c> or <c>text</c>.</param>
/// <param name="Content">The file's content, or the values to enter.</param>
public sealed record SetupStep(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("command")] string? Command = null,
    [property: JsonPropertyName("file")] string? File = null,
    [property: JsonPropertyName("format")] string? Format = null,
    [property: JsonPropertyName("content")] string? Content = null);

/// <summary>The body of <c>GET /v1/clients</c>.</summary>
public sealed record ClientSetupList(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("clients")] IReadOnlyList<ClientSetup> Clients);
