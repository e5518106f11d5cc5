namespace McpPlatform.Connectors.Postgres.Sql.Safety;

/// <summary>What a token of PostgreSQL's SQL is.</summary>
public enum SqlTokenKind
{
    /// <summary>A keyword or an unquoted identifier (compared ignoring case).</summary>
    Word,

    /// <summary>A <c>"quoted"</c> identifier; <see cref="SqlToken.Text"/> is its name without quotes.</summary>
    QuotedIdentifier,

    /// <summary>A <c>U&amp;"..."</c> identifier, whose name depends on escapes: never trusted.</summary>
    UnicodeIdentifier,

    /// <summary>Any string constant: <c>'...'</c>, <c>E'...'</c>, <c>$tag$...$tag$</c>, bit and hex strings.</summary>
    String,

    /// <summary>A numeric constant.</summary>
    Number,

    /// <summary>A positional parameter such as <c>$1</c>.</summary>
    Parameter,

    /// <summary>An operator (<c>=</c>, <c>::</c>, <c>-&gt;&gt;</c> ...).</summary>
    Operator,

    /// <summary>One of <c>( ) [ ] , ; . :</c>.</summary>
    Punctuation,
}

/// <summary>
/// A token and where it starts in the text. <see cref="Name"/> is what PostgreSQL looks a word or quoted identifier up
/// by: an unquoted word folded to lower case, both truncated to 63 bytes; null for other tokens.
/// </summary>
public readonly record struct SqlToken(SqlTokenKind Kind, string Text, int Position, string? Name = null)
{
    /// <summary>True for a word or a quoted identifier: something that can name a function or a relation.</summary>
    public bool IsName => Name is not null && Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier;

    public bool IsWord(string word) => Kind == SqlTokenKind.Word && string.Equals(Text, word, StringComparison.OrdinalIgnoreCase);

    public bool IsPunctuation(char c) => Kind == SqlTokenKind.Punctuation && Text.Length == 1 && Text[0] == c;
}
