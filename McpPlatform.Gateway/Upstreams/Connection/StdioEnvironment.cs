using System.Collections;
using McpPlatform.Gateway.Configuration;
using ModelContextProtocol.Client;

namespace McpPlatform.Gateway.Upstreams;

/// <summary>
/// The whole environment of a stdio server's process: a small base taken from the gateway's environment and the
/// server's own <see cref="UpstreamServerOptions.Env"/>, nothing else. The gateway's environment holds its keys
/// (<c>Gateway__Keys__*__Key</c>) and every other upstream's secrets (<c>Gateway__Servers__*__Env__*</c>,
/// <c>__Headers__*</c>); a third-party server must not be able to read them.
/// </summary>
/// <remarks>
/// The transport is started with <see cref="StdioClientTransportOptions.InheritEnvironmentVariables"/> off: .NET's
/// <c>ProcessStartInfo</c> copies the parent's whole environment, and the SDK's <c>EnvironmentVariables</c> are only
/// applied on top of that copy unless inheritance is off, when they are the child's entire environment.
/// </remarks>
internal static class StdioEnvironment
{
    /// <summary>
    /// What a program needs beyond the SDK's base to read and write text in the user's locale and to find a
    /// temporary directory. The base (<see cref="StdioClientTransportOptions.GetDefaultEnvironmentVariables"/>) is the
    /// TypeScript and Python SDKs' <c>DEFAULT_INHERITED_ENV_VARS</c>: HOME, LOGNAME, PATH, SHELL, TERM, USER (on
    /// Windows APPDATA, HOMEDRIVE, HOMEPATH, LOCALAPPDATA, PATH, PATHEXT, PROCESSOR_ARCHITECTURE, PROGRAMFILES,
    /// SYSTEMDRIVE, SYSTEMROOT, TEMP, USERNAME, USERPROFILE).
    /// </summary>
    internal static readonly IReadOnlyList<string> LocaleAndTemporaryNames = ["LANG", "LANGUAGE", "TZ", "TMPDIR", "TMP", "TEMP"];

    /// <summary>LC_ALL, LC_CTYPE, LC_MESSAGES ...: the locale categories.</summary>
    internal const string LocaleCategoryPrefix = "LC_";

    /// <summary>The environment for a stdio server whose own variables are <paramref name="own"/> (they win).</summary>
    public static Dictionary<string, string?> For(IReadOnlyDictionary<string, string> own)
    {
        // Names are case-insensitive on Windows only.
        var environment = new Dictionary<string, string?>(
            OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (var (name, value) in StdioClientTransportOptions.GetDefaultEnvironmentVariables())
        {
            environment[name] = value;
        }

        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry is { Key: string name, Value: string value } && IsLocaleOrTemporary(name) && !IsShellFunction(value))
            {
                environment[name] = value;
            }
        }

        foreach (var (name, value) in own)
        {
            environment[name] = value;
        }

        return environment;
    }

    private static bool IsLocaleOrTemporary(string name) =>
        name.StartsWith(LocaleCategoryPrefix, StringComparison.OrdinalIgnoreCase)
        || LocaleAndTemporaryNames.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// An exported bash function (<c>() { ...; }</c>) is code a child's shell would run (Shellshock); the SDK drops
    /// those from its base, and so do we from what we add.
    /// </summary>
    private static bool IsShellFunction(string value) => value.StartsWith("()", StringComparison.Ordinal);
}
