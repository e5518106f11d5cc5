using System.Text;

namespace McpPlatform.Connectors.Postgres.Tests.Differential;

/// <summary>
/// Generates SQL texts that call a probe function in every way PostgreSQL allows, between and inside every
/// construct its scanner knows: whitespace and control characters, line comments ended by <c>\n</c>, <c>\r</c> or
/// nothing, nested block comments, every string form with its escapes and continuations, dollar quotes, quoted
/// identifiers, casts, subqueries and nesting. Most texts are valid SQL by construction; a quarter are mutated
/// (a tricky character inserted, deleted or changed) to reach the texts where two lexers could disagree.
/// Deterministic for a seed.
/// </summary>
internal sealed class SqlCorpus(int seed)
{
    /// <summary>The probe's name: 63 bytes, PostgreSQL's longest, so a longer identifier truncated to it calls it too.</summary>
    public static readonly string LongProbe = "mcp_probe_" + new string('x', 53);

    private static readonly string[] Tricky =
    [
        "mcp_probe()", "public.mcp_probe()", "'", "''", "\"", "$", "$$", "$a$", "$b", "--", "-", "/", "*", "/*", "*/", "\\", "\\'",
        "E'", "U&'", "B'", "\r", "\n", "\r\n", "\v", "\f", "\t", " ", "é", "\u00A0", "\u2028", ";", "(", ")", ",", "::", "x", "1",
    ];

    private readonly Random random = new(seed);
    private bool probesInCode;

    /// <summary>
    /// The next text. <c>Clean</c>: unmutated, and the probe's name appears only inside strings, comments and
    /// quoted aliases, so PostgreSQL never runs it and the guard must let the text run (if PostgreSQL does).
    /// </summary>
    public (string Sql, bool Clean) Next()
    {
        probesInCode = random.Next(2) == 0;
        var statement = Statement();
        return random.Next(4) == 0 ? (Mutate(statement), false) : (statement, !probesInCode);
    }

    private string Statement() => random.Next(7) switch
    {
        0 => $"WITH{Gap(true)}q{Gap(true)}AS{Gap()}({Gap()}SELECT{Gap(true)}{List()}{Gap()}){Gap()}SELECT{Gap(true)}*{Gap(true)}FROM{Gap(true)}q",
        1 => $"SELECT{Gap(true)}*{Gap(true)}FROM{Gap()}({Gap()}SELECT{Gap(true)}{List()}{Gap()}){Gap(true)}s",
        2 => $"EXPLAIN{Gap(true)}ANALYZE{Gap(true)}SELECT{Gap(true)}{List()}",
        3 => $"VALUES{Gap()}({Gap()}{List()}{Gap()})",
        4 => $"SELECT{Gap(true)}{List()}{Gap(true)}FROM{Gap(true)}generate_series(1,{Gap()}2){Gap(true)}g",
        _ => $"SELECT{Gap(true)}{List()}{(random.Next(3) == 0 ? Gap(true) + LineComment(end: true) : string.Empty)}",
    };

    private string List()
    {
        var items = new List<string>();
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            var item = Expression(0);
            items.Add(random.Next(4) == 0 ? $"{item}{Gap(true)}AS{Gap(true)}{QuotedIdentifier()}" : item);
        }

        return string.Join($"{Gap()},{Gap()}", items);
    }

    private string Expression(int depth)
    {
        var choice = depth > 3 ? random.Next(2) : random.Next(12);
        return choice switch
        {
            0 => Probe(),
            1 => Literal(),
            2 => $"({Gap()}{Expression(depth + 1)}{Gap()})",
            3 => $"({Gap()}{Expression(depth + 1)}{Gap()}){Gap()}::{Gap()}text",
            4 => $"CAST{Gap()}({Gap()}{Expression(depth + 1)}{Gap(true)}AS{Gap(true)}text{Gap()})",
            5 => $"({Gap()}SELECT{Gap(true)}{Expression(depth + 1)}{Gap()})",
            6 => $"ARRAY{Gap()}[{Gap()}{Expression(depth + 1)}{Gap()}]",
            7 => $"concat{Gap()}({Gap()}{Expression(depth + 1)}{Gap()},{Gap()}{Expression(depth + 1)}{Gap()})",
            8 => $"CASE{Gap(true)}WHEN{Gap(true)}true{Gap(true)}THEN{Gap(true)}{Expression(depth + 1)}{Gap(true)}END",
            9 => $"ROW{Gap()}({Gap()}{Expression(depth + 1)}{Gap()},{Gap()}{Expression(depth + 1)}{Gap()})",
            10 => $"({Gap()}{Expression(depth + 1)}{Gap()})::text{Gap()}||{Gap()}({Gap()}{Expression(depth + 1)}{Gap()})::text",
            _ => Probe(),
        };
    }

    private string Probe()
    {
        if (!probesInCode)
        {
            return Literal();
        }

        var name = random.Next(6) switch
        {
            0 => "\"mcp_probe\"",
            1 => "MCP_Probe",
            2 => LongProbe + "yz",
            3 => $"\"{LongProbe}zz\"",
            _ => "mcp_probe",
        };
        return random.Next(8) switch
        {
            0 => $"public{Gap()}.{Gap()}{name}{Gap()}({Gap()})",
            1 => $"\"public\".{name}()",
            // Attribute notation: x.f calls f(x) for a composite x.
            2 => $"({Gap()}ROW(1)::probe_row{Gap()}){Gap()}.{Gap()}{(random.Next(2) == 0 ? "mcp_probe" : "\"mcp_probe\"")}",
            _ => $"{name}{Gap()}({Gap()})",
        };
    }

    private string Literal() => random.Next(12) switch
    {
        0 => $"'{Content().Replace("'", "''", StringComparison.Ordinal)}'",
        1 => $"E'{EscapeContent()}'",
        2 => $"{(random.Next(2) == 0 ? "B" : "b")}'{(random.Next(2) == 0 ? "0101" : string.Empty)}'",
        3 => $"X'{(random.Next(2) == 0 ? "1f" : "ABCDEF")}'",
        4 => $"N'{Content().Replace("'", "''", StringComparison.Ordinal)}'",
        5 => $"U&'{Content().Replace("'", "''", StringComparison.Ordinal).Replace("\\", "\\\\", StringComparison.Ordinal)}'",
        6 => DollarQuoted(),
        7 => Continued(),
        8 => random.Next(4) switch { 0 => "1", 1 => "1.5", 2 => ".5e-3", _ => "42" },
        9 => "NULL",
        _ => $"'{Content().Replace("'", "''", StringComparison.Ordinal)}'",
    };

    /// <summary>A string in two or more segments joined by whitespace with a newline (quotecontinue), in one mode.</summary>
    private string Continued()
    {
        var escape = random.Next(2) == 0;
        var text = new StringBuilder(escape ? "E'" : "'");
        for (var i = random.Next(2, 4); i > 0; i--)
        {
            text.Append(escape ? EscapeContent() : Content().Replace("'", "''", StringComparison.Ordinal));
            if (i > 1)
            {
                text.Append('\'').Append(random.Next(4) switch { 0 => " -- c'\n", 1 => "\r", 2 => "\t\n -- x\r\n ", _ => "\n" }).Append('\'');
            }
        }

        return text.Append('\'').ToString();
    }

    private string DollarQuoted()
    {
        var tag = random.Next(3) switch { 0 => string.Empty, 1 => "a", _ => "tag_1" };
        var delimiter = $"${tag}$";
        var body = Content();
        while (body.Contains(delimiter, StringComparison.Ordinal))
        {
            body = body.Replace(delimiter, string.Empty, StringComparison.Ordinal);
        }

        // A body ending in "$" could run into the closing delimiter.
        return $"{delimiter}{body.TrimEnd('$')}{delimiter}";
    }

    private string QuotedIdentifier() => $"\"{Content().Replace("\"", "\"\"", StringComparison.Ordinal)}x\"";

    private string EscapeContent()
    {
        var text = new StringBuilder();
        foreach (var c in Content())
        {
            text.Append(c switch
            {
                '\\' => random.Next(2) == 0 ? "\\\\" : "\\x5c",
                '\'' => random.Next(2) == 0 ? "\\'" : "''",
                _ => c.ToString(),
            });
        }

        return text.ToString();
    }

    private string Content()
    {
        var text = new StringBuilder();
        for (var i = random.Next(0, 6); i > 0; i--)
        {
            text.Append(Tricky[random.Next(Tricky.Length)]);
        }

        return text.ToString();
    }

    /// <summary>Whitespace and comments between tokens; <paramref name="required"/>: at least one separator.</summary>
    private string Gap(bool required = false)
    {
        var text = new StringBuilder(required ? " " : string.Empty);
        for (var i = random.Next(-2, 3); i > 0; i--)
        {
            text.Append(random.Next(8) switch
            {
                0 => LineComment(end: false),
                1 => BlockComment(0),
                2 => "\r",
                3 => "\n",
                4 => "\t",
                5 => "\f",
                _ => " ",
            });
        }

        return text.ToString();
    }

    private string LineComment(bool end)
    {
        var body = Content().Replace("\n", "\v", StringComparison.Ordinal).Replace("\r", "\f", StringComparison.Ordinal);
        return "--" + body + (end ? string.Empty : random.Next(3) switch { 0 => "\r", 1 => "\r\n", _ => "\n" });
    }

    private string BlockComment(int depth)
    {
        var body = Content().Replace("/*", "/ *", StringComparison.Ordinal).Replace("*/", "* /", StringComparison.Ordinal).TrimEnd('/', '*').TrimStart('/', '*');
        var inner = depth < 2 && random.Next(3) == 0 ? BlockComment(depth + 1) : string.Empty;
        return $"/*{(random.Next(2) == 0 ? "/" : string.Empty)} {body}{inner}{Content().Replace("/*", "/ *", StringComparison.Ordinal).Replace("*/", "* /", StringComparison.Ordinal).TrimEnd('/', '*')} */";
    }

    private string Mutate(string text)
    {
        var mutated = new StringBuilder(text);
        for (var i = random.Next(1, 4); i > 0 && mutated.Length > 0; i--)
        {
            var at = random.Next(mutated.Length);
            switch (random.Next(3))
            {
                case 0:
                    mutated.Insert(at, Tricky[random.Next(Tricky.Length)]);
                    break;
                case 1:
                    mutated.Remove(at, 1);
                    break;
                default:
                    mutated[at] = mutated[at] switch { '\n' => '\r', '\r' => '\v', ' ' => '\u00A0', '\'' => '"', _ => mutated[at] };
                    break;
            }
        }

        return mutated.ToString();
    }
}
