using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace McpPlatform.AppHost.Publishing;

/// <summary>
/// Turns the manifest's <c>{resource.property}</c> expressions into what a compose file on the shared
/// network <c>mcp-net</c> needs: a service's host is its service name, its port the container port, a
/// parameter a <c>${VARIABLE}</c> read from the service's <c>.env</c>, and a connection string its expansion.
/// </summary>
internal sealed partial class ManifestExpressions(JsonElement resources, ManifestExpressions.Syntax syntax = ManifestExpressions.Syntax.Compose)
{
    /// <summary>How a variable is written where it is used.</summary>
    public enum Syntax
    {
        /// <summary><c>${NAME}</c>, with literal <c>$</c> written <c>$$</c>.</summary>
        Compose,

        /// <summary><c>$(NAME)</c>, Kubernetes' reference to an earlier env entry; literal text as is.</summary>
        Kubernetes,
    }

    /// <summary>The port every .NET service listens on in its container (ASPNETCORE_HTTP_PORTS in the Dockerfiles).</summary>
    public const int ProjectContainerPort = 8080;

    /// <summary>The <c>${VARIABLES}</c> an expression used, with their parameter resource.</summary>
    public sealed record Variable(string Name, string Parameter, bool Secret, string? Default);

    /// <summary>
    /// Resolves every expression of <paramref name="value"/>, with literal <c>$</c> escaped for compose;
    /// null when it needs what the compose deployment does not serve (https bindings).
    /// </summary>
    public string? Resolve(string value, ICollection<Variable> used)
    {
        try
        {
            var resolved = new System.Text.StringBuilder();
            var last = 0;
            foreach (Match match in Expression().Matches(value))
            {
                resolved.Append(Literal(value[last..match.Index]));
                resolved.Append(ResolveOne(match.Groups[1].Value, used));
                last = match.Index + match.Length;
            }

            return resolved.Append(Literal(value[last..])).ToString();
        }
        catch (NotServedException)
        {
            return null;
        }
    }

    /// <summary>
    /// A resource's environment with every expression resolved. Entries that need what the deployment does not
    /// serve (https endpoints) are left out.
    /// </summary>
    public IEnumerable<(string Name, string Value)> Environment(JsonElement resource, ICollection<Variable> used)
    {
        if (!resource.TryGetProperty("env", out var env))
        {
            yield break;
        }

        foreach (var variable in env.EnumerateObject())
        {
            if (Resolve(variable.Value.GetString()!, used) is { } value)
            {
                yield return (variable.Name, value);
            }
        }
    }

    /// <summary>The container port of a binding: its targetPort, or 8080 for a .NET project.</summary>
    public int TargetPort(string resource, string binding)
    {
        var element = resources.GetProperty(resource);
        if (element.TryGetProperty("bindings", out var bindings) && bindings.TryGetProperty(binding, out var b) && b.TryGetProperty("targetPort", out var port))
        {
            return port.GetInt32();
        }

        return ProjectContainerPort;
    }

    public static string VariableName(string parameter) =>
        NonIdentifier().Replace(parameter, "_").ToUpperInvariant();

    private string? ResolveOne(string expression, ICollection<Variable> used)
    {
        var parts = expression.Split('.');
        var resource = parts[0];
        if (!resources.TryGetProperty(resource, out var element))
        {
            throw new InvalidOperationException($"The manifest expression '{{{expression}}}' names no resource.");
        }

        var type = element.GetProperty("type").GetString();
        switch (parts)
        {
            case [_, "connectionString"]:
                return Resolve(element.GetProperty("connectionString").GetString()!, used) ?? throw new NotServedException();
            case [_, "value"] when type == "parameter.v0":
                return Parameter(resource, element, used);
            case [_, "value"] when type == "annotated.string":
                return Resolve(element.GetProperty("value").GetString()!, used) ?? throw new NotServedException();
            case [_, "bindings", var binding, var property]:
                return binding == "https" ? throw new NotServedException() : Binding(resource, binding, property);
            default:
                throw new InvalidOperationException($"The manifest expression '{{{expression}}}' is not supported by the compose publisher.");
        }
    }

    private string Binding(string resource, string binding, string property)
    {
        var port = TargetPort(resource, binding).ToString(CultureInfo.InvariantCulture);
        return property switch
        {
            "host" => resource,
            "port" or "targetPort" => port,
            "url" => $"{Scheme(resource, binding)}://{resource}:{port}",
            _ => throw new InvalidOperationException($"Binding property '{property}' of {resource} is not supported by the compose publisher."),
        };
    }

    private string Scheme(string resource, string binding) =>
        resources.GetProperty(resource).GetProperty("bindings").GetProperty(binding).GetProperty("scheme").GetString()!;

    private string Literal(string text) =>
        syntax == Syntax.Compose ? text.Replace("$", "$$", StringComparison.Ordinal) : text;

    private string Parameter(string resource, JsonElement element, ICollection<Variable> used)
    {
        var input = element.GetProperty("inputs").GetProperty("value");
        var secret = input.TryGetProperty("secret", out var s) && s.GetBoolean();
        string? defaultValue = input.TryGetProperty("default", out var d) && d.TryGetProperty("value", out var v) ? v.GetString() : null;
        var variable = new Variable(VariableName(resource), resource, secret, defaultValue);
        if (!used.Contains(variable))
        {
            used.Add(variable);
        }

        // A non-secret parameter with a default keeps working when .env leaves it out.
        var fallback = syntax == Syntax.Compose && !secret && defaultValue is not null ? ":-" + defaultValue.Replace("$", "$$", StringComparison.Ordinal) : string.Empty;
        return syntax == Syntax.Compose ? "${" + variable.Name + fallback + "}" : "$(" + variable.Name + ")";
    }

    private sealed class NotServedException : Exception;

    [GeneratedRegex(@"\{([A-Za-z0-9_.\-]+)\}")]
    private static partial Regex Expression();

    [GeneratedRegex("[^A-Za-z0-9]")]
    private static partial Regex NonIdentifier();
}
