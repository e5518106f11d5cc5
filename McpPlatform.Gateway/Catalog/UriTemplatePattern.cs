namespace McpPlatform.Gateway.Catalog;

/// <summary>
/// Reads an RFC 6570 URI template (<c>postgres://{database}/{schema}/{table}</c>) as a glob: its literal text in
/// order, each <c>{expression}</c> standing for any text. Looser than any upstream's own matching, on purpose: the
/// gateway uses it to decide which templates could answer a URI, and when a template the key may not see could, the
/// read is refused.
/// </summary>
internal static class UriTemplatePattern
{
    /// <summary>Whether the URI could come from the template: every literal part, in order, the first at the start and the last at the end.</summary>
    public static bool Covers(string template, string uri, StringComparison comparison)
    {
        var literals = Literals(template);
        if (literals.Count == 1)
        {
            return string.Equals(template, uri, comparison); // no expression: the template is a URI
        }

        if (!uri.StartsWith(literals[0], comparison))
        {
            return false;
        }

        var position = literals[0].Length;
        for (var i = 1; i < literals.Count - 1; i++)
        {
            var found = literals[i].Length == 0 ? position : uri.IndexOf(literals[i], position, comparison);
            if (found < 0)
            {
                return false;
            }

            position = found + literals[i].Length;
        }

        var last = literals[^1];
        return uri.Length - last.Length >= position && uri.EndsWith(last, comparison);
    }

    /// <summary>The text before the first expression: the longest one wins when several templates cover a URI.</summary>
    public static string LiteralPrefix(string template)
    {
        var brace = template.IndexOf('{', StringComparison.Ordinal);
        return brace < 0 ? template : template[..brace];
    }

    /// <summary>The variable names of the template's expressions (<c>{+path}</c>, <c>{?a,b}</c>, <c>{x:3}</c>, <c>{list*}</c> included).</summary>
    public static IReadOnlySet<string> VariableNames(string template)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var start = template.IndexOf('{', StringComparison.Ordinal);
        while (start >= 0)
        {
            var end = template.IndexOf('}', start + 1);
            if (end < 0)
            {
                break;
            }

            foreach (var variable in template[(start + 1)..end].TrimStart('+', '#', '.', '/', ';', '?', '&').Split(','))
            {
                var name = variable.Split(':')[0].TrimEnd('*');
                if (name.Length > 0)
                {
                    names.Add(name);
                }
            }

            start = template.IndexOf('{', end + 1);
        }

        return names;
    }

    /// <summary>The literal parts between expressions: one more than there are expressions (an empty one where two meet).</summary>
    private static List<string> Literals(string template)
    {
        var literals = new List<string>();
        var position = 0;
        while (true)
        {
            var start = template.IndexOf('{', position);
            var end = start < 0 ? -1 : template.IndexOf('}', start + 1);
            if (end < 0)
            {
                literals.Add(template[position..]);
                return literals;
            }

            literals.Add(template[position..start]);
            position = end + 1;
        }
    }
}
