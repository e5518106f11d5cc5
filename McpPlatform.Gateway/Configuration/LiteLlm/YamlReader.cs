using YamlDotNet.RepresentationModel;

namespace McpPlatform.Gateway.Configuration.LiteLlm;

/// <summary>
/// Reads the nodes of one LiteLLM config file for the mappers: typed values, shape errors that name the file, line and
/// key (<see cref="LiteLlmConfigException"/>), warnings, LiteLLM's <c>os.environ/NAME</c> secret references, and the
/// settings the file maps to.
/// </summary>
internal sealed class YamlReader(string fileName, Func<string, string?> environment)
{
    private const string EnvironmentReference = "os.environ/";

    public Dictionary<string, string?> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<string> Warnings { get; } = [];

    public void Set(string path, string? value) => Settings[path] = value;

    public void SetList(string path, IEnumerable<string> values)
    {
        var index = 0;
        foreach (var value in values)
        {
            Settings[$"{path}:{index++}"] = value;
        }
    }

    public void Warn(YamlNode node, string key, string message) => Warnings.Add($"{Where(node)}: '{key}' {message}");

    /// <summary>Warns about a key the gateway does not understand: it is ignored.</summary>
    public void Unknown(YamlNode node, string key) => Warn(node, key, "is not supported by McpPlatform: ignored.");

    public LiteLlmConfigException Error(YamlNode node, string key, string message) =>
        new($"{Where(node)}, column {node.Start.Column}: '{key}' {message}");

    public YamlMappingNode Mapping(YamlNode node, string key) =>
        node as YamlMappingNode ?? throw Error(node, key, "must be a mapping (key: value lines).");

    public YamlSequenceNode Sequence(YamlNode node, string key) =>
        node as YamlSequenceNode ?? throw Error(node, key, "must be a list.");

    public string Scalar(YamlNode node, string key) =>
        node is YamlScalarNode { Value: { } value } ? value : throw Error(node, key, "must be a single value.");

    public bool Boolean(YamlNode node, string key) =>
        Scalar(node, key).ToLowerInvariant() switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw Error(node, key, "must be true or false."),
        };

    /// <summary>A list of values; a single value counts as a list of one.</summary>
    public List<string> Strings(YamlNode node, string key) =>
        node is YamlScalarNode ? [Scalar(node, key)] : [.. Sequence(node, key).Children.Select(item => Scalar(item, key))];

    /// <summary>A mapping of names to values (headers, environment variables), secret references resolved.</summary>
    public Dictionary<string, string> StringMap(YamlNode node, string key)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in Mapping(node, key).Children)
        {
            var entry = $"{key}.{Scalar(name, key)}";
            if (Secret(value, entry) is { } resolved)
            {
                map[Scalar(name, key)] = resolved;
            }
        }

        return map;
    }

    /// <summary>A value that may be a secret: <c>os.environ/NAME</c> reads the environment variable (unset: a warning, null).</summary>
    public string? Secret(YamlNode node, string key)
    {
        var value = Scalar(node, key);
        if (!value.StartsWith(EnvironmentReference, StringComparison.Ordinal))
        {
            return value;
        }

        var variable = value[EnvironmentReference.Length..];
        if (environment(variable) is { Length: > 0 } resolved)
        {
            return resolved;
        }

        Warn(node, key, $"refers to the environment variable {variable}, which is not set: ignored.");
        return null;
    }

    /// <summary>The entries of a mapping with string keys.</summary>
    public IEnumerable<(string Key, YamlNode Value, YamlNode KeyNode)> Entries(YamlNode node, string key) =>
        Mapping(node, key).Children.Select(entry => (Scalar(entry.Key, key), entry.Value, entry.Key));

    private string Where(YamlNode node) => $"{fileName} line {node.Start.Line}";
}
